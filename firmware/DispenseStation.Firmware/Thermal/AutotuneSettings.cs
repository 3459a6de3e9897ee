namespace DispenseStation.Firmware.Thermal
{
    /// <summary>What the relay autotune does and the limits it must stay within.</summary>
    public sealed class AutotuneSettings
    {
        /// <summary>Temperature the relay oscillates around, °C.</summary>
        public double SetpointC = 110;
        /// <summary>Relay hysteresis (half-width), °C: must exceed the sensor noise.</summary>
        public double HysteresisC = 0.15;
        /// <summary>Starting relay bias (duty); adjusted each cycle to balance heating and cooling times.</summary>
        public double InitialBias = 0.5;
        /// <summary>Cycles to measure after the settling cycles.</summary>
        public int MeasuredCycles = 3;
        /// <summary>Cycles discarded while the bias converges.</summary>
        public int SettlingCycles = 3;
        /// <summary>Plate temperature before the autotune, the reference for the process gain, °C.</summary>
        public double AmbientC = 22;
        /// <summary>Safety: abort (heater off) at or above this, °C.</summary>
        public double MaxTemperatureC = 140;
        /// <summary>Safety: abort when not finished after this long, s.</summary>
        public double MaxDurationS = 1800;

        public string Validate()
        {
            if (!Util.Num.IsFinite(SetpointC) || SetpointC <= AmbientC + 10) return "SetpointC must be at least 10 °C above AmbientC";
            if (!(HysteresisC > 0) || HysteresisC > 5) return "HysteresisC must be in (0, 5] °C";
            if (!(InitialBias > 0.05) || InitialBias > 0.95) return "InitialBias must be in (0.05, 0.95]";
            if (MeasuredCycles < 2 || MeasuredCycles > 20) return "MeasuredCycles must be in [2, 20]";
            if (SettlingCycles < 1 || SettlingCycles > 20) return "SettlingCycles must be in [1, 20]";
            if (!(MaxTemperatureC > SetpointC + 2 * HysteresisC)) return "MaxTemperatureC must exceed SetpointC + 2 x HysteresisC";
            if (!(MaxDurationS > 0)) return "MaxDurationS must be > 0";
            return null;
        }
    }
}
