namespace DispenseStation.Firmware.Thermal
{
    /// <summary>What a relay autotune found: the ultimate point and a first-order-plus-dead-time model.</summary>
    public sealed class AutotuneResult
    {
        public AutotuneStatus Status;
        public bool Succeeded { get { return Status == AutotuneStatus.Succeeded; } }
        /// <summary>Ultimate gain Ku, duty per °C (describing-function estimate with hysteresis correction).</summary>
        public double UltimateGain;
        /// <summary>Ultimate period Pu, s.</summary>
        public double UltimatePeriodS;
        /// <summary>Half peak-to-peak of the measured oscillation, °C.</summary>
        public double AmplitudeC;
        /// <summary>Relay amplitude d (duty) and final bias.</summary>
        public double RelayAmplitude;
        public double RelayBias;
        /// <summary>Static gain K of the fitted model, °C per unit duty.</summary>
        public double ProcessGainCPerDuty;
        /// <summary>Time constant of the fitted model, s.</summary>
        public double TimeConstantS;
        /// <summary>Dead time of the fitted model, s.</summary>
        public double DeadTimeS;
        /// <summary>Average duty that held the setpoint during the measured cycles.</summary>
        public double MeanDuty;
        public double MeanTemperatureC;
        /// <summary>Room temperature the process gain is referred to, °C.</summary>
        public double AmbientC;
        public int CyclesMeasured;
        public double DurationS;
    }
}
