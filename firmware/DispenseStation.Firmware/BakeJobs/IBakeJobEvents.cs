namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>What a bake job reports (the station turns each into a wafer event).</summary>
    public interface IBakeJobEvents
    {
        void PlaceWafer(int wafer);
        void WaferDown(int wafer, string source, long landingMs, double detectLagS);
        void WaferDownTimeout(int wafer);
        /// <summary>The signature's wafer-down reported by <see cref="WaferDown"/> was not a wafer: its time on
        /// plate is rolled back and the job waits for the wafer again (<paramref name="why"/>: the balance's reason).</summary>
        void WaferDownWithdrawn(int wafer, long landingMs, string why);
        void RemoveWafer(int wafer);
        /// <summary>The wafer's record; its fields are read from <see cref="BakeJob"/>'s Last* properties.</summary>
        void WaferDone(int wafer);
    }
}
