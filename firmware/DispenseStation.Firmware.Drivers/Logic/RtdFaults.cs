using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>Maps MAX31865 fault flags and implausible readings to <see cref="SensorFaults"/> bits.</summary>
    public static class RtdFaults
    {
        /// <summary>Fault register bits from the binding's FaultStatus flags.</summary>
        public static int FromFlags(bool highThreshold, bool lowThreshold, bool refInHigh, bool refInLow, bool rtdInLow, bool overUnderVoltage)
        {
            int bits = SensorFaults.None;
            if (highThreshold) bits |= SensorFaults.HighThreshold;
            if (lowThreshold) bits |= SensorFaults.LowThreshold;
            if (refInHigh) bits |= SensorFaults.RefInHigh;
            if (refInLow) bits |= SensorFaults.RefInLow;
            if (rtdInLow) bits |= SensorFaults.RtdInLow;
            if (overUnderVoltage) bits |= SensorFaults.OverUnderVoltage;
            return bits;
        }

        /// <summary>
        /// A reading outside the physical range of a hotplate is a wiring or bus fault, not a
        /// temperature: MISO stuck low reads 0 ohm (-242 °C), stuck high reads full scale.
        /// </summary>
        public static int CheckPlausible(double celsius, double minCelsius, double maxCelsius)
        {
            if (!Num.IsFinite(celsius)) return SensorFaults.NoResponse;
            if (celsius < minCelsius) return SensorFaults.LowThreshold;
            if (celsius > maxCelsius) return SensorFaults.HighThreshold;
            return SensorFaults.None;
        }
    }
}
