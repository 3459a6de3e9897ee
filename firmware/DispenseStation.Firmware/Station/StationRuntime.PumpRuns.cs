using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Firmware.Station.Safety;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// Pump maintenance (prime, calibrate-pump): like the autotune, a procedure outside any batch that
    /// leaves the PackML state Idle while it runs. Accepted only in Idle with nothing else running and
    /// nothing blocking the pumps; bounded by the station's longest run, most grams and the room left in
    /// the bottle. Stop and abort (and e-stop) end it in the tick they arrive; a lost link, the pump
    /// interlock or a scale fault end it through the dosing process. The outcome is one pump-run event;
    /// a calibration runs one such run per speed (StationRuntime.PumpCalibration.cs).
    /// </summary>
    public sealed partial class StationRuntime
    {
        private readonly PumpRunEvent _pumpEvent = new PumpRunEvent();
        private bool _pumpRunActive;
        private string _pumpRunCommandId;
        private string _pumpRunProcedure;
        private int _pumpRunChannel;
        private double _pumpRunSpeed;
        private string _pumpRunEndReason;

        private IPumpMaintenance PumpMaintenance
        {
            get { return _dosing as IPumpMaintenance; }
        }

        /// <summary>True while a prime or calibration run drives a pump.</summary>
        public bool PumpRunActive
        {
            get { return _pumpRunActive; }
        }

        /// <summary>Why a prime or calibrate-pump is refused now, or null.</summary>
        private string PumpRunBlockedReason(string command)
        {
            if (PumpMaintenance == null) return command + ": this station's pumps cannot run maintenance procedures";
            if (_machine.State != PackMlState.Idle)
                return command + " is only accepted in Idle (now " + PackMlNames.Of(_machine.State) + (_machine.State == PackMlState.Complete || _machine.State == PackMlState.Stopped ? "; reset the station first)" : ")");
            if (_batchActive || Interrupted) return command + ": a batch is active";
            if (_bakeActive) return command + ": a bake job is running";
            if (AutotuneRunning) return command + ": an autotune is running";
            if (_pumpRunActive) return command + ": a pump run is going (stop or abort ends it)";
            if (_supervisor.EStopActive) return command + ": e-stop is active";
            if ((_supervisor.Alarms & SafetyAlarms.PumpInterlock) != 0) return command + ": the pump interlock is open (bottle or splash lid)";
            if (_supervisor.LinkDown) return command + ": the link is down";
            if (_dosing.PumpRunOn) return command + ": a pump runs with no command (pump-runaway); check the pump drivers first";
            return null;
        }

        private string StartPumpRun(CommandMessage command)
        {
            string name = command.Name;
            string blocked = PumpRunBlockedReason(name);
            if (blocked != null) return blocked;
            if (command.Channel >= _config.ChannelCount)
                return "channel: this station has channels 0-" + (_config.ChannelCount - 1).ToString();
            if (!double.IsNaN(command.Seconds) && command.Seconds > _config.MaxPumpRunSeconds)
                return "seconds: this station runs a pump for at most " + _config.MaxPumpRunSeconds.ToString("F0") + " s";
            if (!double.IsNaN(command.Grams) && command.Grams > _config.MaxPumpRunGrams)
                return "grams: this station pumps at most " + _config.MaxPumpRunGrams.ToString("F0") + " g in one run";
            if (name == CommandNames.CalibratePump) return StartCalibration(command);
            IPumpMaintenance m = PumpMaintenance;
            double gross = m.GrossGrams;
            double room = _config.MaxBottleGrams - _config.PumpRunBottleReserveGrams - gross;
            if (!(room > 0))
                return "bottle: " + gross.ToString("F1") + " g is on the scale and the bottle limit is " + _config.MaxBottleGrams.ToString("F0") + " g: empty the waste bottle";
            if (!double.IsNaN(command.Grams) && command.Grams > room)
                return "grams: only " + room.ToString("F1") + " g fit below the bottle limit of " + _config.MaxBottleGrams.ToString("F0") + " g: empty the waste bottle or ask for less";
            double seconds = double.IsNaN(command.Seconds) ? _config.MaxPumpRunSeconds : command.Seconds;
            double grams = double.IsNaN(command.Grams) ? (room < _config.MaxPumpRunGrams ? room : _config.MaxPumpRunGrams) : command.Grams;
            string problem = m.StartPumpRun(command.Channel, command.Speed, seconds, grams);
            if (problem != null) return name + ": " + problem;
            _pumpRunActive = true;
            _pumpRunCommandId = command.Id;
            _pumpRunProcedure = name;
            _pumpRunChannel = command.Channel;
            _pumpRunSpeed = command.Speed;
            _pumpRunEndReason = null;
            return null;
        }

        /// <summary>Stop, abort and e-stop: pump off now; the outcome is reported by <see cref="PollPumpRun"/>.</summary>
        private void StopPumpRun(string reason)
        {
            if (!_pumpRunActive) return;
            if (_pumpRunEndReason == null) _pumpRunEndReason = reason;
            _dosing.Stop();
        }

        /// <summary>Once per tick, after the dosing process: a finished run becomes its pump-run event.</summary>
        private void PollPumpRun()
        {
            if (_calibrationRecordSeq >= 0)
            {
                SettleCalibrationRecord();
                return;
            }
            if (!_pumpRunActive) return;
            IPumpMaintenance m = PumpMaintenance;
            int outcome = m.TakePumpRunOutcome();
            if (outcome == PumpRunOutcome.None) return;
            if (_pumpRunProcedure == CommandNames.CalibratePump)
            {
                OnCalibrationStep(m, outcome);
                return;
            }

            _pumpEvent.Clear();
            _pumpEvent.CommandId = _pumpRunCommandId;
            _pumpEvent.Procedure = _pumpRunProcedure;
            _pumpEvent.Channel = _pumpRunChannel;
            _pumpEvent.Speed = _pumpRunSpeed;
            _pumpEvent.Seconds = m.PumpRunSeconds;
            _pumpEvent.Grams = m.PumpRunGrams;
            if (outcome == PumpRunOutcome.Stopped)
            {
                _pumpEvent.RunStatus = PumpRunStatuses.Stopped;
                _pumpEvent.Message = "stopped: " + (_pumpRunEndReason != null ? _pumpRunEndReason : SafetyStopReason());
            }
            else if (outcome == PumpRunOutcome.Failed)
            {
                _pumpEvent.RunStatus = PumpRunStatuses.Failed;
                string fault = m.PumpRunFault;
                _pumpEvent.Message = fault == null ? "failed" : "failed: " + fault + ": " + AlarmWords.For(fault, "dosing");
            }
            else
            {
                _pumpEvent.RunStatus = PumpRunStatuses.Completed;
                _pumpEvent.Message = m.PumpRunEndedByGrams ? "the grams arrived" : "the time ran out";
            }
            _pumpRunActive = false;
            // The run dropped the start-up deficit its line had taught (Doser.StartRun): on flash too, pump off.
            SaveProgress();
            SendPumpEvent();
        }

        private string SafetyStopReason()
        {
            if (_supervisor.EStopActive) return "e-stop";
            if ((_supervisor.Alarms & SafetyAlarms.PumpInterlock) != 0) return "pump interlock opened";
            if (_supervisor.LinkDown) return "link lost";
            return "pumps no longer permitted";
        }

        private void SendPumpEvent()
        {
            _pumpEvent.Seq = ++_seq;
            _pumpEvent.UptimeMs = _nowMs;
            _pumpEvent.UtcMs = _utcMs;
            int length = _pumpEvent.WriteTo(_writer);
            if (length < 0)
            {
                _pumpEvent.Message = null;
                length = _pumpEvent.WriteTo(_writer);
            }
            if (length > 0) _outbox.Enqueue(_eventTopic, _writer.Buffer, length, false);
        }
    }
}
