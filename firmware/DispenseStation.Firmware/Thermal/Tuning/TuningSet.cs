namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Where a tuning set came from.</summary>
    public enum TuningSetSource
    {
        Default = 0,
        Autotune = 1,
        Manual = 2,
        Restored = 3
    }

    /// <summary>
    /// Everything the plate's control is tuned with, as one unit: the PID gains and the feed-forward
    /// model they were made for. Restoring a set restores both, so old gains never run with a newer
    /// model. Plain values; nanoFramework-compatible.
    /// </summary>
    public sealed class TuningSet
    {
        /// <summary>Version on this station (1, 2, ...); 0 for a proposal not yet accepted.</summary>
        public int Version;
        public TuningSetSource Source;
        /// <summary>For a restored set, the version it copies.</summary>
        public int RestoredFrom;
        public TuningRule Rule;
        public double Kp, Ti, Td;
        /// <summary>First-order model: gain K (°C per unit duty), time constant, dead time, the ambient K is referred to.</summary>
        public double ModelGainCPerDuty, ModelTimeConstantS, ModelDeadTimeS, ModelAmbientC;
        /// <summary>Predicted on the model (see <see cref="TuningPrediction"/>): step overshoot, step settle time, drop dip.</summary>
        public double PredictedStepOvershootC = double.NaN, PredictedStepSettleS = double.NaN, PredictedDropDipC = double.NaN;

        public PidGains Gains { get { return new PidGains(Kp, Ti, Td); } }

        public void CopyFrom(TuningSet other)
        {
            Version = other.Version;
            Source = other.Source;
            RestoredFrom = other.RestoredFrom;
            Rule = other.Rule;
            Kp = other.Kp; Ti = other.Ti; Td = other.Td;
            ModelGainCPerDuty = other.ModelGainCPerDuty;
            ModelTimeConstantS = other.ModelTimeConstantS;
            ModelDeadTimeS = other.ModelDeadTimeS;
            ModelAmbientC = other.ModelAmbientC;
            PredictedStepOvershootC = other.PredictedStepOvershootC;
            PredictedStepSettleS = other.PredictedStepSettleS;
            PredictedDropDipC = other.PredictedDropDipC;
        }
    }
}
