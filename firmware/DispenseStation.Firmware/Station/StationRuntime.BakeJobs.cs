using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Firmware.Ports;
using DispenseStation.Protocol.Bake;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// Bake jobs: the bake-job command starts one (PackML Idle -> Starting -> Execute), the job runs
    /// in Execute and, so that a lost link does not cut a wafer's bake, also in Suspended; every
    /// wafer phase goes out as a wafer event through the ordered outbox. A hold, stop or abort (or a
    /// hotplate fault) ends the job with a bake-job aborted event naming the wafer it cut. A job cut
    /// by a reboot is not resumed: the station comes back Idle and the gateway closes the job.
    /// </summary>
    public sealed partial class StationRuntime : IBakeJobEvents
    {
        private BakeJob _bakeJob;
        private BakeJobEvent _bakeEvent;
        private bool _bakeActive;
        private string _bakeEndReason;

        /// <summary>The running bake job, or null when none runs.</summary>
        public BakeJob BakeJob
        {
            get { return _bakeActive ? _bakeJob : null; }
        }

        private void InitBakeJobs(IDigitalInput waferPresent)
        {
            IWaferBakePlate plate = _hot as IWaferBakePlate;
            _bakeEvent = new BakeJobEvent();
            if (plate != null) _bakeJob = new BakeJob(plate, this, waferPresent, new WaferDownSettings(), _config.MaxBakeSegments);
        }

        private static bool IsBakeCommand(string name)
        {
            return name == CommandNames.BakeJob || name == CommandNames.WaferDown || name == CommandNames.WaferRemoved;
        }

        /// <summary>bake-job, wafer-down, wafer-removed: null when applied, else why not.</summary>
        private string ApplyBakeCommand(CommandMessage command)
        {
            if (command.Name == CommandNames.BakeJob) return StartBakeJob(command.Job);
            if (!_bakeActive) return command.Name + ": no bake job is running";
            if (_machine.State != PackMlState.Execute && _machine.State != PackMlState.Suspended)
                return command.Name + ": the bake job is not running (" + PackMlNames.Of(_machine.State) + ")";
            if (command.Name == CommandNames.WaferDown) return _bakeJob.OperatorDown(command.Wafer, command.AlreadyDown, _nowMs);
            return _bakeJob.OperatorRemoved(command.Wafer, _nowMs);
        }

        private string StartBakeJob(BakeJobSpec spec)
        {
            if (_bakeJob == null) return "bake-job: this station's hotplate cannot run bake jobs";
            if (!_machine.CanApply(PackMlCommand.Start)) return "bake-job: " + _machine.Apply(PackMlCommand.Start);
            if (_supervisor.EStopActive) return "bake-job: e-stop is active";
            if (AutotuneRunning) return "bake-job: an autotune is running (abort or stop ends it)";
            if (_pumpRunActive) return "bake-job: a pump run is going (abort or stop ends it)";
            if (_hot.FaultCode != null) return "bake-job: hotplate alarm " + _hot.FaultCode + " is active; reset it first";
            if (_supervisor.Alarms != 0) return "bake-job: alarm " + FirstSafetyAlarm() + " is active";
            if (spec.Segments.Length > _config.MaxBakeSegments)
                return "job.segments: this station runs at most " + _config.MaxBakeSegments.ToString() + " segments";
            string problem = _bakeJob.Load(spec, _config.MaxPlateC, _nowMs);
            if (problem != null) return problem;
            _bakeActive = true;
            _bakeEndReason = null;
            _machine.Apply(PackMlCommand.Start);
            _stateDirty = true;
            return null;
        }

        private string FirstSafetyAlarm()
        {
            for (int i = 0; i < Safety.SafetyAlarms.Count; i++)
            {
                if ((_supervisor.Alarms & (1 << i)) != 0) return Safety.SafetyAlarms.CodeAt(i);
            }
            return "?";
        }

        /// <summary>The work of each PackML state while a bake job is loaded.</summary>
        private void RunBakeJobState()
        {
            switch (_machine.State)
            {
                case PackMlState.Starting:
                    RaiseJobEvent(BakeJobStatuses.Started, null);
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Execute:
                case PackMlState.Suspended:
                    if (_hot.FaultCode != null)
                    {
                        _bakeEndReason = "hotplate alarm " + _hot.FaultCode;
                        _machine.Apply(PackMlCommand.Abort);
                        break;
                    }
                    if (_bakeJob.Tick(_nowMs) && _machine.State == PackMlState.Execute) _machine.CompleteActingState();
                    break;
                case PackMlState.Completing:
                    _hot.Stop();
                    RaiseJobEvent(BakeJobStatuses.Completed, null);
                    EndBakeJob();
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Holding:
                    // A held plate cannot keep a wafer's time on plate honest: the job ends here.
                    _hot.Stop();
                    RaiseJobEvent(BakeJobStatuses.Aborted, CutMessage("held"));
                    EndBakeJob();
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Aborting:
                case PackMlState.Stopping:
                    _hot.Stop();
                    RaiseJobEvent(BakeJobStatuses.Aborted, CutMessage(_bakeEndReason != null ? _bakeEndReason
                        : _machine.State == PackMlState.Aborting ? "aborted" : "stopped"));
                    EndBakeJob();
                    _machine.CompleteActingState();
                    break;
                default:
                    _machine.CompleteActingState();
                    break;
            }
        }

        private string CutMessage(string why)
        {
            WaferPhase phase = _bakeJob.Phase;
            if (phase == WaferPhase.Baking || phase == WaferPhase.Removing)
                return why + "; wafer " + _bakeJob.Wafer.ToString() + " was on the plate for " + ((_nowMs - _bakeJob.LastLandingMs) / 1000.0).ToString("F1") + " s and has no record";
            return why;
        }

        private void EndBakeJob()
        {
            _bakeJob.Unload();
            _bakeActive = false;
            _stateDirty = true;
        }

        void IBakeJobEvents.PlaceWafer(int wafer)
        {
            BeginWaferEvent(wafer, WaferPhases.Place);
            _bakeEvent.Message = "place wafer";
            SendBakeEvent();
        }

        void IBakeJobEvents.WaferDown(int wafer, string source, long landingMs, double detectLagS)
        {
            BeginWaferEvent(wafer, WaferPhases.Down);
            _bakeEvent.Source = source;
            _bakeEvent.DownAtMs = landingMs;
            _bakeEvent.DetectLagS = detectLagS;
            SendBakeEvent();
        }

        void IBakeJobEvents.WaferDownTimeout(int wafer)
        {
            BeginWaferEvent(wafer, WaferPhases.DownTimeout);
            _bakeEvent.Message = "no wafer-down seen: place the wafer, or press wafer-down if it is on the plate";
            SendBakeEvent();
        }

        void IBakeJobEvents.WaferDownWithdrawn(int wafer, long landingMs, string why)
        {
            BeginWaferEvent(wafer, WaferPhases.DownWithdrawn);
            _bakeEvent.Source = WaferDownSources.Signature;
            _bakeEvent.DownAtMs = landingMs;
            _bakeEvent.Message = why;
            SendBakeEvent();
        }

        void IBakeJobEvents.RemoveWafer(int wafer)
        {
            BeginWaferEvent(wafer, WaferPhases.Remove);
            _bakeEvent.Message = "remove wafer";
            SendBakeEvent();
        }

        void IBakeJobEvents.WaferDone(int wafer)
        {
            BakeJob j = _bakeJob;
            BeginWaferEvent(wafer, WaferPhases.Done);
            _bakeEvent.Source = j.LastSource;
            _bakeEvent.DownAtMs = j.LastLandingMs;
            _bakeEvent.DetectLagS = j.LastDetectLagS;
            _bakeEvent.PlannedS = j.PlannedS;
            _bakeEvent.TimeOnPlateS = j.LastTimeOnPlateS;
            _bakeEvent.Removal = j.LastRemoval;
            _bakeEvent.DipC = j.LastDipC;
            _bakeEvent.RecoverS = j.LastRecoverS;
            _bakeEvent.DoseCs = j.LastDoseCs;
            _bakeEvent.IdealDoseCs = j.IdealDoseCs;
            SendBakeEvent();
        }

        private void BeginWaferEvent(int wafer, string phase)
        {
            _bakeEvent.Clear();
            _bakeEvent.Kind = EventKinds.Wafer;
            _bakeEvent.JobId = _bakeJob.JobId;
            _bakeEvent.Wafer = wafer;
            _bakeEvent.Phase = phase;
            _bakeEvent.SetpointC = _bakeJob.SetpointC;
            _bakeEvent.PlateC = _hot.PlateC;
            _stateDirty = true;
        }

        private void RaiseJobEvent(string status, string message)
        {
            _bakeEvent.Clear();
            _bakeEvent.Kind = EventKinds.BakeJob;
            _bakeEvent.JobId = _bakeJob.JobId;
            _bakeEvent.JobStatus = status;
            _bakeEvent.Message = message;
            _bakeEvent.WafersDone = _bakeJob.WafersDone;
            SendBakeEvent();
        }

        private void SendBakeEvent()
        {
            _bakeEvent.Seq = ++_seq;
            _bakeEvent.UptimeMs = _nowMs;
            int length = _bakeEvent.WriteTo(_writer);
            if (length < 0)
            {
                _bakeEvent.Message = null;
                length = _bakeEvent.WriteTo(_writer);
            }
            if (length > 0) _outbox.Enqueue(_eventTopic, _writer.Buffer, length, false);
        }
    }
}
