namespace DispenseStation.Firmware.Ports
{
    /// <summary>The plate RTD (PT100/PT1000 through a MAX31865).</summary>
    public interface ITemperatureSensor
    {
        /// <summary>
        /// Reads the plate temperature. False with a non-zero <paramref name="faultBits"/> (MAX31865
        /// fault register layout, see <see cref="SensorFaults"/>) when the converter reports a fault.
        /// </summary>
        bool TryRead(out double celsius, out int faultBits);
    }

    /// <summary>MAX31865 fault register bits, shared by driver, simulation and safety logic.</summary>
    public static class SensorFaults
    {
        public const int None = 0;
        public const int HighThreshold = 0x80;
        public const int LowThreshold = 0x40;
        public const int RefInHigh = 0x20;
        public const int RefInLow = 0x10;
        public const int RtdInLow = 0x08;
        public const int OverUnderVoltage = 0x04;
        /// <summary>Not a MAX31865 bit: the converter did not answer at all.</summary>
        public const int NoResponse = 0x100;
    }
}
