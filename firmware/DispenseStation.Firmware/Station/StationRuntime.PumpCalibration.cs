using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Station.Safety;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// calibrate-pump: one pump run per speed of the command (or of the default set), slowest first, each a
    /// stable start weight, the pump at that speed for the seconds (or to the grams) and a settled weight, and
    /// the next started in the tick the last one ends. Every run is capped at the room left below the bottle
    /// limit at its start, so the waste bottle is never overfilled however wrong the expected flows are; a cap
    /// that ends a run, a stop, abort, e-stop, interlock, lost link or scale fault at any speed ends the whole
    /// calibration with the pump off and nothing stored. The outcome is one pump-run event with the table of
    /// the speeds measured; a completed table is applied to the doser and reported once its record is on flash
    /// (a record that fails puts the old table back). Called from the tick; allocates nothing but the words
    /// of the outcome's message.
    /// </summary>
    public sealed partial class StationRuntime
    {
        private static readonly double[] DefaultCalibrationSpeeds = PumpCommands.DefaultCalibrationSpeeds();

        private readonly double[] _calSpeeds = new double[PumpFlowCalibration.MaxPoints];
        private readonly double[] _calFlows = new double[PumpFlowCalibration.MaxPoints];
        private readonly double[] _calBeforeSpeeds = new double[PumpFlowCalibration.MaxPoints];
        private readonly double[] _calBeforeFlows = new double[PumpFlowCalibration.MaxPoints];
        private int _calCount, _calIndex, _calBeforeCount;
        private double _calSeconds, _calGrams;    // asked per speed (NaN = not given)
        private bool _calStepRoomLimited;        // this run's grams are the bottle's room, not what was asked
        private int _calEndedByGrams;             // runs that ended on their grams
        // A completed calibration waits for its record on flash before it is reported (-1: none waits).
        private int _calibrationRecordSeq = -1;
        private long _calibrationRecordSinceMs;

        /// <summary>Index of the speed a running calibration is at (into its speeds, slowest first); -1 when none runs.</summary>
        public int PumpCalibrationStep
        {
            get { return _pumpRunActive && _pumpRunProcedure == CommandNames.CalibratePump && _calibrationRecordSeq < 0 ? _calIndex : -1; }
        }

        private string StartCalibration(CommandMessage command)
        {
            double[] speeds = command.Speeds != null ? command.Speeds : DefaultCalibrationSpeeds;
            string bad = PumpCommands.CheckSpeeds(speeds, speeds.Length);
            if (bad != null) return bad;
            if (speeds.Length > PumpFlowCalibration.MaxPoints)
                return "speeds: this station keeps at most " + PumpFlowCalibration.MaxPoints.ToString() + " speeds per pump";
            IPumpMaintenance m = PumpMaintenance;
            double room = BottleRoom(m);
            if (!(room > 0))
                return "bottle: " + m.GrossGrams.ToString("F1") + " g is on the scale and the bottle limit is " + _config.MaxBottleGrams.ToString("F0") + " g: empty the waste bottle";
            // What the whole table should bring at the flows the station expects now; each run is also capped at the room.
            double expected = 0;
            for (int i = 0; i < speeds.Length; i++)
            {
                double byTime = double.IsNaN(command.Seconds) ? double.MaxValue : m.ExpectedFlow(command.Channel, speeds[i]) * command.Seconds;
                expected += double.IsNaN(command.Grams) || byTime < command.Grams ? byTime : command.Grams;
            }
            if (expected > room)
                return "bottle: " + speeds.Length.ToString() + " speeds should bring about " + expected.ToString("F1") + " g, but only " + room.ToString("F1")
                    + " g fit below the bottle limit of " + _config.MaxBottleGrams.ToString("F0") + " g: empty the waste bottle or ask for less per speed";

            for (int i = 0; i < speeds.Length; i++) _calSpeeds[i] = speeds[i];
            _calCount = speeds.Length;
            _calIndex = 0;
            _calSeconds = command.Seconds;
            _calGrams = command.Grams;
            _calEndedByGrams = 0;
            _pumpEvent.Clear();
            string problem = StartCalibrationRun(m, command.Channel);
            if (problem != null) return CommandNames.CalibratePump + ": " + problem;
            _pumpRunActive = true;
            _pumpRunCommandId = command.Id;
            _pumpRunProcedure = CommandNames.CalibratePump;
            _pumpRunChannel = command.Channel;
            _pumpRunSpeed = double.NaN;
            _pumpRunEndReason = null;
            return null;
        }

        private double BottleRoom(IPumpMaintenance m)
        {
            return _config.MaxBottleGrams - _config.PumpRunBottleReserveGrams - m.GrossGrams;
        }

        /// <summary>Starts the run at speed <see cref="_calIndex"/>; null or why not.</summary>
        private string StartCalibrationRun(IPumpMaintenance m, int channel)
        {
            double room = BottleRoom(m);
            if (!(room > 0)) return "bottle: no room left below the bottle limit of " + _config.MaxBottleGrams.ToString("F0") + " g: empty the waste bottle";
            double asked = double.IsNaN(_calGrams) ? _config.MaxPumpRunGrams : _calGrams;
            _calStepRoomLimited = room < asked;
            double seconds = double.IsNaN(_calSeconds) ? _config.MaxPumpRunSeconds : _calSeconds;
            return m.StartPumpRun(channel, _calSpeeds[_calIndex], seconds, _calStepRoomLimited ? room : asked);
        }

        /// <summary>Why the next speed may not start now (the station left Idle, a safety input), or null.</summary>
        private string CalibrationContinueBlocked()
        {
            if (_pumpRunEndReason != null) return _pumpRunEndReason;
            if (_supervisor.EStopActive) return "e-stop";
            if ((_supervisor.Alarms & SafetyAlarms.PumpInterlock) != 0) return "pump interlock opened";
            if (_supervisor.LinkDown) return "link lost";
            if (_machine.State != PackMlState.Idle) return "the station left Idle (" + PackMlNames.Of(_machine.State) + ")";
            return null;
        }

        /// <summary>One speed's run ended: record its point, then start the next speed or end the calibration.</summary>
        private void OnCalibrationStep(IPumpMaintenance m, int outcome)
        {
            double speed = _calSpeeds[_calIndex];
            double seconds = m.PumpRunSeconds, grams = m.PumpRunGrams;
            _pumpEvent.CommandId = _pumpRunCommandId;
            _pumpEvent.Procedure = CommandNames.CalibratePump;
            _pumpEvent.Channel = _pumpRunChannel;
            _pumpEvent.Seconds = (double.IsNaN(_pumpEvent.Seconds) ? 0 : _pumpEvent.Seconds) + seconds;
            _pumpEvent.Grams = (double.IsNaN(_pumpEvent.Grams) ? 0 : _pumpEvent.Grams) + grams;
            if (outcome == PumpRunOutcome.Stopped)
            {
                EndCalibration(PumpRunStatuses.Stopped, "stopped" + AtSpeed() + ": " + (_pumpRunEndReason != null ? _pumpRunEndReason : SafetyStopReason()) + "; nothing stored");
                return;
            }
            if (outcome == PumpRunOutcome.Failed)
            {
                string fault = m.PumpRunFault;
                EndCalibration(PumpRunStatuses.Failed, "failed" + AtSpeed() + (fault == null ? "" : ": " + fault + ": " + AlarmWords.For(fault, "dosing")) + "; nothing stored");
                return;
            }
            _pumpEvent.AddPoint(speed, seconds, grams, seconds > 0 ? grams / seconds : 0);
            if (m.PumpRunEndedByGrams) _calEndedByGrams++;
            if (seconds < _config.MinCalibrationSeconds || grams < _config.MinCalibrationGrams)
            {
                EndCalibration(PumpRunStatuses.Failed, "too little to calibrate" + AtSpeed() + ": " + grams.ToString("F3") + " g in " + seconds.ToString("F1") + " s; each speed needs at least "
                    + _config.MinCalibrationSeconds.ToString("F0") + " s and " + _config.MinCalibrationGrams.ToString("F1") + " g (ask for more seconds); nothing stored");
                return;
            }
            if (m.PumpRunEndedByGrams && _calStepRoomLimited)
            {
                EndCalibration(PumpRunStatuses.Failed, "bottle: the room below the bottle limit of " + _config.MaxBottleGrams.ToString("F0") + " g ran out" + AtSpeed()
                    + ": empty the waste bottle; nothing stored");
                return;
            }
            _calIndex++;
            if (_calIndex < _calCount)
            {
                string blocked = CalibrationContinueBlocked();
                if (blocked != null)
                {
                    EndCalibration(PumpRunStatuses.Stopped, "stopped before speed " + _calSpeeds[_calIndex].ToString("F2") + ": " + blocked + "; nothing stored");
                    return;
                }
                string problem = StartCalibrationRun(m, _pumpRunChannel);
                if (problem != null) EndCalibration(PumpRunStatuses.Failed, problem + "; nothing stored");
                return;
            }
            if (_pumpRunEndReason != null)
            {
                EndCalibration(PumpRunStatuses.Stopped, "stopped: " + _pumpRunEndReason + "; nothing stored");
                return;
            }
            _pumpEvent.RunStatus = PumpRunStatuses.Completed;
            _pumpEvent.Message = _calEndedByGrams == _calCount ? "the grams arrived at every speed"
                : _calEndedByGrams == 0 ? "the time ran out at every speed" : "each speed ran to its time or its grams";
            if (!StoreCalibration(m)) EndCalibration(_pumpEvent.RunStatus, _pumpEvent.Message);
        }

        /// <summary>Which speed, for an outcome's message (built only then: a run that goes on allocates nothing).</summary>
        private string AtSpeed()
        {
            return " at speed " + _calSpeeds[_calIndex].ToString("F2") + " (" + (_calIndex + 1).ToString() + " of " + _calCount.ToString() + ")";
        }

        private void EndCalibration(string status, string message)
        {
            _pumpEvent.RunStatus = status;
            _pumpEvent.Message = message;
            _pumpRunActive = false;
            // Nothing of the table is stored, but its runs dropped the start-up deficit (Doser.StartRun): that drop is.
            SaveProgress();
            SendPumpEvent();
        }

        /// <summary>Applies the completed table and posts its record; true when the event now waits for that record.</summary>
        private bool StoreCalibration(IPumpMaintenance m)
        {
            for (int i = 0; i < _pumpEvent.PointCount; i++) _calFlows[i] = _pumpEvent.PointFlows[i];
            _calBeforeCount = m.CopyFlowTable(_pumpRunChannel, _calBeforeSpeeds, _calBeforeFlows);
            string problem = m.SetFlowTable(_pumpRunChannel, _calSpeeds, _calFlows, _pumpEvent.PointCount);
            if (problem != null)
            {
                _pumpEvent.RunStatus = PumpRunStatuses.Failed;
                _pumpEvent.Message = "calibration not stored: " + problem;
                return false;
            }
            // The worker writes the record off the tick; the run stays busy until it is stored or fails.
            _calibrationRecordSeq = SaveProgress();
            _calibrationRecordSinceMs = _nowMs;
            return true;
        }

        /// <summary>Once the calibration's record is stored, reports the table; if it failed, the doser gets its old table back.</summary>
        private void SettleCalibrationRecord()
        {
            RecordStatus status = RecordState(_calibrationRecordSeq, _calibrationRecordSinceMs);
            if (status == RecordStatus.Pending) return;
            if (status != RecordStatus.Stored)
            {
                // Not stored: the doser keeps the table it had, so nothing is half-applied.
                string why = RecordFailure(_calibrationRecordSeq);
                PumpMaintenance.RestoreFlowTable(_pumpRunChannel, _calBeforeSpeeds, _calBeforeFlows, _calBeforeCount);
                SaveProgress();
                _pumpEvent.RunStatus = PumpRunStatuses.Failed;
                _pumpEvent.Message = "calibration not stored: " + why;
            }
            _calibrationRecordSeq = -1;
            _pumpRunActive = false;
            SendPumpEvent();
        }
    }
}
