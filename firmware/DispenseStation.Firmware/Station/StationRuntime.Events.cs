using DispenseStation.Firmware.Station.Safety;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Station
{
    /// <summary>Events: everything the executor and the supervisor report goes through the
    /// ordered outbox, so nothing is lost while the link is down (until the outbox is full).</summary>
    public sealed partial class StationRuntime
    {
        private EventMessage _event;
        private string _eventTopic;
        private string _lastHotFault;
        private string _lastDoseFault;
        private string _stepAlarm;
        private long _seq;

        void Recipe.IBatchEvents.StepStarted(int stepIndex)
        {
            BeginEvent(EventKinds.StepStarted);
            _event.Message = _executor.StepName;
            SendEvent();
            _stepRecordSeq = SaveProgress();
            _stepRecordSinceMs = _nowMs;
        }

        Persistence.RecordStatus Recipe.IBatchEvents.StepRecord(int stepIndex)
        {
            return RecordState(_stepRecordSeq, _stepRecordSinceMs);
        }

        Persistence.RecordStatus Recipe.IBatchEvents.PendingWrites
        {
            get
            {
                // Finished, whether written or failed: no write of ours is in progress.
                if (_records.StatusOf(_lastPostSeq) != Persistence.RecordStatus.Pending) return Persistence.RecordStatus.Stored;
                return RecordState(_lastPostSeq, _lastPostMs); // Pending, or Failed once past the time-out
            }
        }

        void Recipe.IBatchEvents.StepCompleted(int stepIndex)
        {
            BeginEvent(EventKinds.StepCompleted);
            _event.StepIndex = stepIndex;
            _event.Message = _executor.Recipe.Steps[stepIndex].Name;
            SendEvent();
            SaveProgress();
        }

        void Recipe.IBatchEvents.DoseResult(int stepIndex, int channel, double targetGrams, double actualGrams, long durationMs, bool success)
        {
            BeginEvent(EventKinds.DoseResult);
            _event.StepIndex = stepIndex;
            _event.Channel = channel;
            _event.TargetGrams = targetGrams;
            _event.ActualGrams = actualGrams;
            _event.ErrorGrams = actualGrams - targetGrams;
            _event.DurationMs = durationMs;
            _event.Success = success;
            SendEvent();
            SaveProgress();
        }

        void Recipe.IBatchEvents.BakeSegmentDone(int stepIndex, int segment, double setpointC, double secondsOutsideBand)
        {
            BeginEvent(EventKinds.BakeSegment);
            _event.StepIndex = stepIndex;
            _event.SetpointC = setpointC;
            _event.SecondsOutsideBand = secondsOutsideBand;
            _event.Message = SegmentNames[segment < SegmentNames.Length ? segment : SegmentNames.Length - 1];
            SendEvent();
        }

        void Recipe.IBatchEvents.Prompt(int stepIndex, string text)
        {
            BeginEvent(EventKinds.Prompt);
            _event.StepIndex = stepIndex;
            _event.Message = text;
            SendEvent();
        }

        void Recipe.IBatchEvents.StepFailed(int stepIndex, string code, string message)
        {
            ClearStepAlarm();
            _stepAlarm = code;
            // The code's own words say what to do; the executor's text is kept for codes that have none.
            RaiseAlarm(EventKinds.AlarmRaised, code, Severities.Warning, AlarmWords.Knows(code) || message == null ? AlarmWords.For(code, "dosing") : message);
        }

        // The reason a step failed stays an active alarm until the batch goes on or ends.
        private void ClearStepAlarm()
        {
            if (_stepAlarm == null) return;
            string code = _stepAlarm;
            _stepAlarm = null;
            RaiseAlarm(EventKinds.AlarmCleared, code, Severities.Warning, AlarmWords.For(code, "dosing"));
        }

        private static readonly string[] SegmentNames =
        {
            "segment 0", "segment 1", "segment 2", "segment 3", "segment 4", "segment 5", "segment 6", "segment 7",
            "segment 8", "segment 9", "segment 10", "segment 11", "segment 12", "segment 13", "segment 14", "segment 15+",
        };

        private void RaiseBatchEvent(string kind, string message)
        {
            BeginEvent(kind);
            _event.Message = message;
            SendEvent();
        }

        private void RaiseAlarm(string kind, string code, string severity, string message)
        {
            BeginEvent(kind);
            _event.AlarmCode = code;
            _event.Severity = severity;
            _event.Message = message;
            SendEvent();
            _stateDirty = true;
        }

        private void ReportSafetyAlarms()
        {
            int changed = _supervisor.ChangedAlarms;
            if (changed == 0) return;
            for (int i = 0; i < SafetyAlarms.Count; i++)
            {
                int bit = 1 << i;
                if ((changed & bit) == 0) continue;
                bool raised = (_supervisor.Alarms & bit) != 0;
                RaiseAlarm(raised ? EventKinds.AlarmRaised : EventKinds.AlarmCleared, SafetyAlarms.CodeAt(i),
                    SafetyAlarms.SeverityAt(i), AlarmWords.For(SafetyAlarms.CodeAt(i), null));
            }
        }

        // Process faults are latched codes; report each change once.
        private void ReportProcessFaults()
        {
            string hot = _hot.FaultCode;
            if (!SameCode(hot, _lastHotFault))
            {
                if (_lastHotFault != null) RaiseAlarm(EventKinds.AlarmCleared, _lastHotFault, Severities.Critical, AlarmWords.For(_lastHotFault, "hotplate"));
                if (hot != null) RaiseAlarm(EventKinds.AlarmRaised, hot, Severities.Critical, AlarmWords.For(hot, "hotplate"));
                _lastHotFault = hot;
            }
            string dose = _dosing.FaultCode;
            if (!SameCode(dose, _lastDoseFault))
            {
                if (_lastDoseFault != null) RaiseAlarm(EventKinds.AlarmCleared, _lastDoseFault, Severities.Warning, AlarmWords.For(_lastDoseFault, "dosing"));
                if (dose != null) RaiseAlarm(EventKinds.AlarmRaised, dose, Severities.Warning, AlarmWords.For(dose, "dosing"));
                _lastDoseFault = dose;
            }
        }

        private static bool SameCode(string a, string b)
        {
            if (a == null || b == null) return a == null && b == null;
            return a == b;
        }

        private void BeginEvent(string kind)
        {
            EventMessage e = _event;
            e.Kind = kind;
            e.BatchId = BatchId;
            e.StepIndex = _executor.Recipe == null ? -1 : _executor.StepIndex;
            e.Message = null;
            e.Channel = -1;
            e.TargetGrams = double.NaN;
            e.ActualGrams = double.NaN;
            e.ErrorGrams = double.NaN;
            e.DurationMs = -1;
            e.Success = false;
            e.AlarmCode = null;
            e.Severity = null;
            e.SetpointC = double.NaN;
            e.SecondsOutsideBand = double.NaN;
            e.Status = null;
            e.Kp = e.Ti = e.Td = double.NaN;
            e.Ku = e.PuS = e.ModelGainCPerDuty = e.TauS = e.DeadTimeS = double.NaN;
            e.Rule = null;
            e.CyclesDone = e.CyclesRemaining = -1;
        }

        private void SendEvent()
        {
            _event.Seq = ++_seq;
            _event.UptimeMs = _nowMs;
            _event.UtcMs = _utcMs;
            int length = _event.WriteTo(_writer);
            if (length < 0)
            {
                // Only a message text far over the limits can do this; send the event without it.
                _event.Message = null;
                length = _event.WriteTo(_writer);
            }
            if (length < 0) return;
            _outbox.Enqueue(_eventTopic, _writer.Buffer, length, false);
        }

        // An overflow report goes straight out, ahead of what the outbox still holds.
        private void ReportOutboxLoss()
        {
            if (_outbox.Lost == 0 || !_link.IsConnected) return;
            int lost = _outbox.Lost;
            BeginEvent(EventKinds.OutboxOverflow);
            _event.Message = lost + " events lost while the link was down (outbox full)";
            _event.Severity = Severities.Warning;
            _event.Seq = ++_seq;
            _event.UptimeMs = _nowMs;
            _event.UtcMs = _utcMs;
            int length = _event.WriteTo(_writer);
            if (length > 0 && _link.Publish(_eventTopic, _writer.Buffer, length, false))
            {
                _outbox.TakeLost();
                EventsLost += lost;
            }
        }

        private void FlushOutbox()
        {
            ReportOutboxLoss();
            // The message writer is free between messages: the outbox publishes from it.
            _outbox.Flush(_link, _config.OutboxCapacity, _writer.Buffer);
        }
    }
}
