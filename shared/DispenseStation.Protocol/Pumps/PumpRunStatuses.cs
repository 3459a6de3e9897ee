namespace DispenseStation.Protocol.Pumps
{
    /// <summary>Values of "runStatus" in a "pump-run" event.</summary>
    public static class PumpRunStatuses
    {
        /// <summary>The run reached its seconds or grams (or the bottle's limit) and the weight settled.</summary>
        public const string Completed = "completed";
        /// <summary>Ended early by stop, abort, e-stop, an interlock or a lost link; message says which.</summary>
        public const string Stopped = "stopped";
        /// <summary>A scale or flow fault ended the run (message names it); nothing was learned.</summary>
        public const string Failed = "failed";

        public static readonly string[] All = { Completed, Stopped, Failed };
    }
}
