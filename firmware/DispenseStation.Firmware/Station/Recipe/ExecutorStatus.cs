namespace DispenseStation.Firmware.Station.Recipe
{
    /// <summary>Outcome of one executor tick.</summary>
    public enum ExecutorStatus
    {
        /// <summary>A step is in progress.</summary>
        Running,

        /// <summary>The current step failed; the station must hold (the step restarts on unhold).</summary>
        Failed,

        /// <summary>Every step is done.</summary>
        Finished,
    }
}
