namespace DispenseStation.Protocol.Messages
{
    /// <summary>PackML (ISA-TR88.00.02) machine states as they appear on the wire.</summary>
    public static class PackMlStates
    {
        public const string Idle = "Idle";
        public const string Starting = "Starting";
        public const string Execute = "Execute";
        public const string Completing = "Completing";
        public const string Complete = "Complete";
        public const string Holding = "Holding";
        public const string Held = "Held";
        public const string Unholding = "Unholding";
        public const string Suspending = "Suspending";
        public const string Suspended = "Suspended";
        public const string Unsuspending = "Unsuspending";
        public const string Aborting = "Aborting";
        public const string Aborted = "Aborted";
        public const string Clearing = "Clearing";
        public const string Stopping = "Stopping";
        public const string Stopped = "Stopped";
        public const string Resetting = "Resetting";

        public static readonly string[] All =
        {
            Idle, Starting, Execute, Completing, Complete, Holding, Held, Unholding, Suspending,
            Suspended, Unsuspending, Aborting, Aborted, Clearing, Stopping, Stopped, Resetting
        };

        public static bool IsKnown(string state)
        {
            return Names.IndexOf(All, state) >= 0;
        }
    }
}
