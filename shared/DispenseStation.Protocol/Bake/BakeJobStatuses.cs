using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Bake
{
    /// <summary>Values of "jobStatus" in a "bake-job" event.</summary>
    public static class BakeJobStatuses
    {
        /// <summary>Accepted; the plate heads for the first segment's setpoint.</summary>
        public const string Started = "started";
        /// <summary>Every wafer was baked and removed.</summary>
        public const string Completed = "completed";
        /// <summary>Ended by abort or stop (or e-stop); message says why.</summary>
        public const string Aborted = "aborted";

        public static readonly string[] All = { Started, Completed, Aborted };
    }
}
