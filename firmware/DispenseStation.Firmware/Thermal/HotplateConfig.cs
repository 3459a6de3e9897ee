namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Everything the hotplate controller is built with. Plain values; set before construction.</summary>
    public sealed class HotplateConfig
    {
        /// <summary>Control period: Tick is expected this often, ms (the MAX31865 converts in ~55 ms).</summary>
        public long TickPeriodMs = 100;
        /// <summary>Gains until an autotune or stored calibration replaces them: a gentle PI.</summary>
        public PidGains Gains = new PidGains(0.03, 300, 0);
        public PidSettings Pid = ProjectPidSettings();
        /// <summary>Add the learned steady-state (and ramp) duty to the PID output.</summary>
        public bool UseFeedForward = true;
        /// <summary>Room temperature assumed by the feed-forward model until autotune measures, °C.</summary>
        public double AmbientC = 22;
        /// <summary>Highest setpoint a program may ask for, °C (kept well under the safety cut-off).</summary>
        public double MaxSetpointC = 180;
        public ThermalSafetyLimits Safety = new ThermalSafetyLimits();

        /// <summary>The project's PID structure: weighted setpoint, filtered D on measurement, back-calculation.</summary>
        public static PidSettings ProjectPidSettings()
        {
            PidSettings settings = new PidSettings();
            settings.SamplePeriodS = 0.1;
            settings.DerivativeFilterN = 8;
            settings.SetpointWeight = 0.6;
            settings.DerivativeOnMeasurement = true;
            settings.AntiWindup = AntiWindup.BackCalculation;
            settings.TrackingFactor = 1;
            settings.OutputRateLimitPerS = 2;
            return settings;
        }

        public string Validate()
        {
            if (TickPeriodMs < 10 || TickPeriodMs > 10000) return "TickPeriodMs must be in [10, 10000] ms";
            if (Gains == null) return "Gains are required";
            string error = Gains.Validate();
            if (error != null) return "Gains." + error;
            if (Pid == null) return "Pid settings are required";
            error = Pid.Validate();
            if (error != null) return "Pid." + error;
            double periodS = TickPeriodMs / 1000.0;
            if (Pid.SamplePeriodS < periodS * 0.999 || Pid.SamplePeriodS > periodS * 1.001)
                return "Pid.SamplePeriodS must equal TickPeriodMs / 1000";
            if (Safety == null) return "Safety limits are required";
            error = Safety.Validate();
            if (error != null) return "Safety." + error;
            if (!(MaxSetpointC > AmbientC) || MaxSetpointC >= Safety.MaxTemperatureC)
                return "MaxSetpointC must be above AmbientC and below Safety.MaxTemperatureC";
            return null;
        }
    }
}
