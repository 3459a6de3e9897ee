namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>Where the bake job's current wafer is (the wire names are Protocol.Bake.WaferPhases).</summary>
    public enum WaferPhase
    {
        /// <summary>No job loaded.</summary>
        None = 0,
        /// <summary>The plate settles in band before the operator is asked to place the wafer.</summary>
        Stabilising = 1,
        /// <summary>"Place wafer" was prompted; waiting for wafer-down.</summary>
        Placing = 2,
        /// <summary>Wafer down; time on plate counting.</summary>
        Baking = 3,
        /// <summary>Time is up; "remove wafer" prompted, waiting for removal.</summary>
        Removing = 4,
        /// <summary>Every wafer done.</summary>
        Finished = 5
    }
}
