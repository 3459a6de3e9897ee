namespace DispenseStation.Firmware.Station.Recipe
{
    /// <summary>What the batch executor reports; the runtime turns each call into an event on the
    /// outbox and persists progress at step boundaries.</summary>
    public interface IBatchEvents
    {
        /// <summary>The step begins: its record (step index, net mass it starts from) is posted for flash.</summary>
        void StepStarted(int stepIndex);

        /// <summary>Whether the record posted by <see cref="StepStarted"/> is on flash yet; the step
        /// acts (pumps, tare, heater, prompt) only once it is. Failed includes a write that took too long.</summary>
        Persistence.RecordStatus StepRecord(int stepIndex);

        /// <summary>Whether every record posted so far has been written (Stored; a write that failed
        /// counts as finished), one is still waiting or being written (Pending), or one has been
        /// for longer than the record time-out (Failed). A pump starts only on Stored, so no flash
        /// write overlaps a pump run.</summary>
        Persistence.RecordStatus PendingWrites { get; }

        void StepCompleted(int stepIndex);

        void DoseResult(int stepIndex, int channel, double targetGrams, double actualGrams, long durationMs, bool success);

        void BakeSegmentDone(int stepIndex, int segment, double setpointC, double secondsOutsideBand);

        void Prompt(int stepIndex, string text);

        /// <summary>The step cannot go on (timeout, dose fault, heater fault); the station holds.</summary>
        void StepFailed(int stepIndex, string code, string message);
    }
}
