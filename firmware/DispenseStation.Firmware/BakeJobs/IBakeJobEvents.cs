namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>What a bake job reports (the station turns each into a wafer event).</summary>
    public interface IBakeJobEvents
    {
        void PlaceWafer(int wafer);
        void WaferDown(int wafer, string source, long landingMs, double detectLagS);
        void WaferDownTimeout(int wafer);
        void RemoveWafer(int wafer);
        /// <summary>The wafer's record; its fields are read from <see cref="BakeJob"/>'s Last* properties.</summary>
        void WaferDone(int wafer);
    }
}
