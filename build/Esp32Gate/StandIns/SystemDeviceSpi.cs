// Reference stand-in for nanoFramework.System.Device.Spi 1.3.89 (github nanoframework/System.Device.Spi
// tag v1.3.89: SpiConnectionSettings.cs, SpiDevice.cs, SpiMode.cs, DataFlow.cs). Never run.
namespace System.Device.Spi
{
    public enum SpiMode
    {
        Mode0,
        Mode1,
        Mode2,
        Mode3,
    }

    public enum DataFlow
    {
        MsbFirst,
        LsbFirst,
    }

    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine = -1)
        {
        }

        public int BusId { get; set; }
        public int ChipSelectLine { get; set; }
        public SpiMode Mode { get; set; }
        public int DataBitLength { get; set; }
        public int ClockFrequency { get; set; }
        public DataFlow DataFlow { get; set; }
    }

    public class SpiDevice : IDisposable
    {
        protected SpiDevice()
        {
        }

        public static SpiDevice Create(SpiConnectionSettings settings)
        {
            throw new NotSupportedException("stand-in");
        }

        public void Dispose()
        {
        }
    }
}
