namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>What one sample told <see cref="WaferDownDetector"/>.</summary>
    public enum WaferDownSignal
    {
        /// <summary>Nothing new.</summary>
        None = 0,
        /// <summary>A wafer-down signature: the landing is estimated; the energy balance has yet to confirm it.</summary>
        Provisional = 1,
        /// <summary>The wafer-down stands (at once when the detector has no energy balance to check it with).</summary>
        Confirmed = 2,
        /// <summary>The provisional wafer-down was not a wafer (a loss that persists, or far more energy than the wafer's).</summary>
        Withdrawn = 3,
    }
}
