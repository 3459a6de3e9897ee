namespace DispenseStation.Protocol.Messages
{
    /// <summary>Values of a tuning event's "status": why the station reports its gains.</summary>
    public static class TuningStatuses
    {
        /// <summary>The gains in use, reported after boot or (re)connect.</summary>
        public const string Current = "current";
        /// <summary>A set-gains command was applied.</summary>
        public const string Applied = "applied";
        /// <summary>An autotune started; kp/ti/td are the gains before it.</summary>
        public const string AutotuneStarted = "autotune-started";
        /// <summary>
        /// An autotune completed a relay cycle: "cyclesDone", "cyclesRemaining" (at least) and "puS" (the last cycle's
        /// length), from which the gateway estimates when it ends; kp/ti/td are the gains before it.
        /// </summary>
        public const string AutotuneProgress = "autotune-progress";
        /// <summary>An autotune finished; the event carries its results and the new gains.</summary>
        public const string AutotuneSucceeded = "autotune-succeeded";
        /// <summary>An autotune failed or was aborted; "message" says why, the gains are unchanged.</summary>
        public const string AutotuneFailed = "autotune-failed";

        public static readonly string[] All = { Current, Applied, AutotuneStarted, AutotuneProgress, AutotuneSucceeded, AutotuneFailed };
    }
}
