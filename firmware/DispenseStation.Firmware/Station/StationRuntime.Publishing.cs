using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Link;
using DispenseStation.Firmware.Station.Safety;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Station
{
    /// <summary>Retained state (re-published on change and after every reconnect) and telemetry at
    /// the configured rate; while the link is down the newest samples are kept and sent batched, in
    /// messages of at most <see cref="StationConfig.MaxMessageBytes"/>, oldest first.</summary>
    public sealed partial class StationRuntime
    {
        private const int MaxAlarmCodes = SafetyAlarms.Count + 3;

        private StateMessage _stateMessage;
        private string _stateTopic;
        private string _telemetryTopic;
        private string[] _alarms; // active codes first, then nulls (StateMessage skips null entries)
        private bool _stateDirty = true;
        private int _publishedChangeCount = -1;
        private int _publishedEpoch = -1;
        private int _publishedStep = -1;
        private int _publishedAlarms = -1;

        // The backlog is the message's own sample slots, oldest first: samples are taken into them and
        // sent from them, never copied.
        private TelemetryMessage _telemetry;
        private int _backlogCount;
        private long _nextTelemetryMs;

        /// <summary>Telemetry samples dropped while the link was down (thinned out).</summary>
        public int TelemetryThinned { get; private set; }

        private void InitPublishing()
        {
            string id = _config.StationId;
            _stateTopic = Topics.State(id);
            _telemetryTopic = Topics.Telemetry(id);
            _eventTopic = Topics.Event(id);
            _resultTopic = Topics.CommandResult(id);
            _stateMessage = new StateMessage();
            _stateMessage.Online = true;
            _stateMessage.StationId = id;
            _stateMessage.Firmware = _config.FirmwareVersion;
            _alarms = new string[MaxAlarmCodes];
            _event = new EventMessage();
            _result = new CommandResultMessage();

            int channels = _config.ChannelCount;
            _telemetry = new TelemetryMessage(_config.TelemetryBacklog, channels);
        }

        private void PublishStateIfChanged()
        {
            int epoch = _link.ConnectionEpoch;
            int alarms = _supervisor.Alarms;
            if (!_stateDirty && _publishedChangeCount == _machine.ChangeCount && _publishedEpoch == epoch
                && _publishedStep == _executor.StepIndex && _publishedAlarms == alarms)
            {
                return;
            }
            if (!_link.IsConnected) return;

            StateMessage m = _stateMessage;
            m.Seq = ++_seq;
            m.UptimeMs = _nowMs;
            m.UtcMs = _utcMs;
            m.PackMlState = PackMlNames.Of(_machine.State);
            m.BatchId = BatchId;
            bool hasBatch = _executor.Recipe != null;
            m.StepIndex = hasBatch ? _executor.StepIndex : -1;
            m.StepCount = hasBatch ? _executor.StepCount : -1;
            m.StepName = hasBatch ? _executor.StepName : null;
            m.Interrupted = Interrupted;
            m.ActiveAlarms = CollectAlarms(alarms);
            FillCalibration(m);
            int length = m.WriteTo(_writer);
            if (length < 0)
            {
                // Long step names and many alarms: the state goes out without the calibration facts
                // (the gateway keeps the last ones it had) rather than not at all.
                m.CalibrationReported = false;
                length = m.WriteTo(_writer);
            }
            if (length > 0 && _link.Publish(_stateTopic, _writer.Buffer, length, true))
            {
                _stateDirty = false;
                _publishedChangeCount = _machine.ChangeCount;
                _publishedEpoch = epoch;
                _publishedStep = _executor.StepIndex;
                _publishedAlarms = alarms;
            }
        }

        private string[] CollectAlarms(int bits)
        {
            string[] list = _alarms;
            int k = 0;
            for (int i = 0; i < SafetyAlarms.Count; i++) if ((bits & (1 << i)) != 0) list[k++] = SafetyAlarms.CodeAt(i);
            if (_hot.FaultCode != null) list[k++] = _hot.FaultCode;
            if (_dosing.FaultCode != null) list[k++] = _dosing.FaultCode;
            if (_stepAlarm != null) list[k++] = _stepAlarm;
            while (k < list.Length) list[k++] = null;
            return list;
        }

        private void PublishTelemetryIfDue()
        {
            if (_nowMs < _nextTelemetryMs) return;
            _nextTelemetryMs = _nowMs + _config.TelemetryPeriodMs;

            TelemetrySample[] backlog = _telemetry.Samples;
            if (_backlogCount == backlog.Length) DropOldestSamples(1);
            TelemetrySample s = backlog[_backlogCount];
            _backlogCount++;
            s.UptimeMs = _nowMs;
            s.ScaleGrams = _dosing.NetGrams;
            s.ScaleStable = _dosing.IsStable;
            s.PlateC = _hot.PlateC;
            s.SetpointC = _hot.SetpointC;
            s.HeaterDuty = _hot.HeaterDuty;
            for (int c = 0; c < s.PumpRates.Length; c++) s.PumpRates[c] = _dosing.PumpRate(c);

            if (!_link.IsConnected) return;
            TelemetryMessage m = _telemetry;
            m.Seq = ++_seq;
            m.UptimeMs = _nowMs;
            m.UtcMs = _utcMs;
            // After a link drop the backlog may not fit one message: the oldest go now, the rest with
            // the next periods (each sends up to a message's worth while one new sample is added).
            int length = m.WriteFitting(_writer, _backlogCount);
            if (length < 0)
            {
                // A sample larger than a whole message could never be sent: dropped, not kept forever.
                DropOldestSamples(1);
                return;
            }
            if (_link.Publish(_telemetryTopic, _writer.Buffer, length, false))
            {
                _backlogCount -= m.SampleCount;
                RotateSamples(m.SampleCount);
            }
        }

        private void DropOldestSamples(int n)
        {
            _backlogCount -= n;
            TelemetryThinned += n;
            RotateSamples(n);
        }

        // The first n sample slots move to the end, in place (three reversals): the oldest kept sample is first again.
        private void RotateSamples(int n)
        {
            TelemetrySample[] a = _telemetry.Samples;
            Reverse(a, 0, n);
            Reverse(a, n, a.Length);
            Reverse(a, 0, a.Length);
        }

        private static void Reverse(TelemetrySample[] a, int from, int to)
        {
            for (int i = from, j = to - 1; i < j; i++, j--)
            {
                TelemetrySample t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
    }
}
