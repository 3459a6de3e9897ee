namespace DispenseStation.Protocol.Messages
{
    /// <summary>Values of an event's "kind".</summary>
    public static class EventKinds
    {
        public const string BatchStarted = "batch-started";
        public const string StepStarted = "step-started";
        public const string StepCompleted = "step-completed";
        public const string DoseResult = "dose-result";
        public const string BakeSegment = "bake-segment";
        public const string Prompt = "prompt";
        public const string BatchCompleted = "batch-completed";
        public const string BatchAborted = "batch-aborted";
        public const string BatchInterrupted = "batch-interrupted";
        public const string BatchResumed = "batch-resumed";
        public const string AlarmRaised = "alarm-raised";
        public const string AlarmCleared = "alarm-cleared";
        public const string OutboxOverflow = "outbox-overflow";
        /// <summary>The hotplate's PID gains (and autotune results); see <see cref="TuningStatuses"/>.</summary>
        public const string Tuning = "tuning";
        /// <summary>A bake job started, completed or was aborted (Bake.BakeJobEvent, "jobStatus").</summary>
        public const string BakeJob = "bake-job";
        /// <summary>A bake job's wafer changed phase (Bake.BakeJobEvent, "phase"; "done" carries the wafer's record).</summary>
        public const string Wafer = "wafer";
        /// <summary>A prime or calibrate-pump ended (Pumps.PumpRunEvent: grams, seconds and, for a calibration, the flow).</summary>
        public const string PumpRun = "pump-run";

        public static readonly string[] All =
        {
            BatchStarted, StepStarted, StepCompleted, DoseResult, BakeSegment, Prompt, BatchCompleted,
            BatchAborted, BatchInterrupted, BatchResumed, AlarmRaised, AlarmCleared, OutboxOverflow, Tuning,
            BakeJob, Wafer, PumpRun
        };

        public static bool IsKnown(string kind)
        {
            return Names.IndexOf(All, kind) >= 0;
        }
    }
}
