namespace DispenseStation.Firmware.BakeJobs
{
    internal static class BakeProgramLimits
    {
        /// <summary>As many segments as the wafer-timed runner holds.</summary>
        public const int MaxSegments = Thermal.BakeProgramRunner.MaxSegments;
    }
}
