// Reference stand-in for nanoFramework.Iot.Device.Hx711 1.1.945 (surface as NanoApi.listing.txt in
// tests/DispenseStation.Firmware.Esp32.Tests/NanoStubs). Never run.
namespace Iot.Device.Hx711
{
    using System.Device.Spi;

    public enum GainLevel : byte
    {
        None = 0,
        GainB32 = 160,
        GainA64 = 168,
        GainA128 = 128,
    }

    public class Scale
    {
        public const int DefaultClockFrequency = 700000;

        public Scale(SpiDevice spiDevice, GainLevel gain = GainLevel.GainA128)
        {
        }

        public double Offset { get; set; }

        public GainLevel Gain { get; set; }

        public uint SampleAveraging { get; set; }

        public double Read()
        {
            throw new System.NotSupportedException("stand-in");
        }

        public void Tare()
        {
        }

        public void PowerDown()
        {
        }

        public void PowerUp(GainLevel gain = GainLevel.None)
        {
        }
    }
}
