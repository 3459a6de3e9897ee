// Reference stand-in for nanoFramework.Iot.Device.Max31865 1.2.933 (github
// nanoframework/nanoFramework.IoT.Device devices/Max31865 at commit 122ebb1a: Max31865.cs,
// FaultStatus.cs, ConversionFilterMode.cs, PlatinumResistanceThermometerType.cs,
// ResistanceTemperatureDetectorWires.cs). Only what the station calls. Never run.
namespace Iot.Device.Max31865
{
    using System.Device.Spi;
    using UnitsNet;

    public enum ConversionFilterMode : byte
    {
        Filter50Hz = 65,
        Filter60Hz = 55,
    }

    public enum PlatinumResistanceThermometerType : short
    {
        Pt100 = 100,
        Pt1000 = 1000,
    }

    public enum ResistanceTemperatureDetectorWires : byte
    {
        TwoWire = 2,
        ThreeWire = 3,
        FourWire = 4,
    }

    public class FaultStatus
    {
        public FaultStatus(bool overUnderVoltage, bool resistanceTemperatureDetectorLow, bool referenceInLow, bool referenceInHigh, bool lowThreshold, bool highThreshold)
        {
        }

        public bool OverUnderVoltage { get; set; }
        public bool ResistanceTemperatureDetectorLow { get; set; }
        public bool ReferenceInLow { get; set; }
        public bool ReferenceInHigh { get; set; }
        public bool LowThreshold { get; set; }
        public bool HighThreshold { get; set; }
    }

    public class Max31865 : System.IDisposable
    {
        public const int SpiClockFrequency = 5000000;
        public const SpiMode SpiMode1 = SpiMode.Mode1;
        public const SpiMode SpiMode3 = SpiMode.Mode3;
        public const DataFlow SpiDataFlow = DataFlow.MsbFirst;

        public Max31865(SpiDevice spiDevice, PlatinumResistanceThermometerType platinumResistanceThermometerType,
            ResistanceTemperatureDetectorWires resistanceTemperatureDetectorWires, ElectricResistance referenceResistor,
            ConversionFilterMode filterMode = ConversionFilterMode.Filter60Hz, bool shouldDispose = true)
        {
        }

        public Temperature Temperature
        {
            get { throw new System.NotSupportedException("stand-in"); }
        }

        public FaultStatus Faults
        {
            get { throw new System.NotSupportedException("stand-in"); }
        }

        public void Dispose()
        {
        }
    }
}
