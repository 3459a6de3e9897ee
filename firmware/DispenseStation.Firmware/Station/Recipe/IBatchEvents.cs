namespace DispenseStation.Firmware.Station.Recipe
{
    /// <summary>What the batch executor reports; the runtime turns each call into an event on the
    /// outbox and persists progress at step boundaries.</summary>
    public interface IBatchEvents
    {
        void StepStarted(int stepIndex);

        void StepCompleted(int stepIndex);

        void DoseResult(int stepIndex, int channel, double targetGrams, double actualGrams, long durationMs, bool success);

        void BakeSegmentDone(int stepIndex, int segment, double setpointC, double secondsOutsideBand);

        void Prompt(int stepIndex, string text);

        /// <summary>The step cannot go on (timeout, dose fault, heater fault); the station holds.</summary>
        void StepFailed(int stepIndex, string code, string message);
    }
}
