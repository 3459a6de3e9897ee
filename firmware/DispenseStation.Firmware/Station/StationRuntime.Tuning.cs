using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// Remote PID tuning: set-gains and autotune are accepted only at rest (Idle, Complete, Stopped or
    /// Aborted with no batch active), run in the station tick, and are reported as tuning events,
    /// as are the gains in use after boot and after every reconnect. New gains and the autotuned
    /// feed-forward model are persisted with the other learned parameters; set-gains is answered
    /// once they are on flash.
    /// </summary>
    public sealed partial class StationRuntime
    {
        private int _tuningReportedEpoch = -1;
        // Relay cycles of the running autotune already reported as progress.
        private int _autotuneCyclesReported;

        private IHotplateTuning Tuning
        {
            get { return _hot as IHotplateTuning; }
        }

        /// <summary>True while a remote autotune drives the heater.</summary>
        public bool AutotuneRunning
        {
            get { IHotplateTuning t = Tuning; return t != null && t.AutotuneRunning; }
        }

        /// <summary>Why tuning commands are refused now, or null.</summary>
        private string TuningBlockedReason(string command)
        {
            if (Tuning == null) return command + ": this station's hotplate cannot be tuned remotely";
            PackMlState s = _machine.State;
            if (s != PackMlState.Idle && s != PackMlState.Complete && s != PackMlState.Stopped && s != PackMlState.Aborted)
            {
                return command + " is only accepted in Idle, Complete, Stopped or Aborted (now " + PackMlNames.Of(s) + ")";
            }
            if (_batchActive || Interrupted) return command + ": a batch is active";
            if (_supervisor.EStopActive) return command + ": e-stop is active";
            if (_pumpRunActive) return command + ": a pump run is going (abort or stop ends it)";
            return null;
        }

        private string SetGains(CommandMessage command)
        {
            string blocked = TuningBlockedReason(CommandNames.SetGains);
            if (blocked != null) return blocked;
            IHotplateTuning t = Tuning;
            double kp = t.Kp, ti = t.Ti, td = t.Td;
            string problem = t.SetGains(command.Kp, command.Ti, command.Td);
            if (problem != null) return problem;
            // Answered (and reported applied) once stored; not stored: the old gains come back (SettleAwaitedCommand).
            AwaitRecord(command.Id, CommandNames.SetGains, SaveProgress());
            _awaitOldKp = kp;
            _awaitOldTi = ti;
            _awaitOldTd = td;
            return null;
        }

        private string StartAutotune(CommandMessage command)
        {
            string blocked = TuningBlockedReason(CommandNames.Autotune);
            if (blocked != null) return blocked;
            if (!_supervisor.HeaterPermitted) return "autotune: heater is not permitted now";
            TuningRule rule = RuleOf(command.Rule);
            string problem = Tuning.StartAutotune(command.TargetC, rule, command.MaxC, command.MaxS);
            if (problem != null) return problem;
            _autotuneCyclesReported = 0;
            ReportTuning(TuningStatuses.AutotuneStarted, null, false);
            return null;
        }

        /// <summary>Once per tick: autotune progress (a completed relay cycle), finished autotunes and the gains after a (re)connect.</summary>
        private void PollTuning()
        {
            IHotplateTuning t = Tuning;
            if (t == null) return;
            if (t.AutotuneRunning && t.AutotuneCyclesDone > _autotuneCyclesReported)
            {
                _autotuneCyclesReported = t.AutotuneCyclesDone;
                ReportTuning(TuningStatuses.AutotuneProgress, null, false);
            }
            string failure;
            AutotuneStatus outcome = t.TakeAutotuneOutcome(out failure);
            if (outcome == AutotuneStatus.Succeeded)
            {
                SaveProgress();
                ReportTuning(TuningStatuses.AutotuneSucceeded, null, true);
            }
            else if (outcome != AutotuneStatus.Idle)
            {
                ReportTuning(TuningStatuses.AutotuneFailed, "autotune failed: " + failure, false);
            }
            int epoch = _link.ConnectionEpoch;
            if (_link.IsConnected && epoch != _tuningReportedEpoch)
            {
                _tuningReportedEpoch = epoch;
                // Mid-autotune the reconnect report is a progress report: a plain "current" would tell the gateway the
                // autotune had ended (both carry the gains in use).
                ReportTuning(t.AutotuneRunning ? TuningStatuses.AutotuneProgress : TuningStatuses.Current, null, false);
            }
        }

        /// <summary>Stopping or aborting the station also ends an autotune (heater off).</summary>
        private void StopAutotune()
        {
            if (AutotuneRunning) _hot.Stop();
        }

        private void ReportTuning(string status, string message, bool withAutotune)
        {
            IHotplateTuning t = Tuning;
            BeginEvent(EventKinds.Tuning);
            EventMessageTuning(status, t.Kp, t.Ti, t.Td);
            _event.Message = message;
            if (withAutotune)
            {
                AutotuneResult r = t.LastAutotune;
                _event.Ku = r.UltimateGain;
                _event.PuS = r.UltimatePeriodS;
                _event.ModelGainCPerDuty = r.ProcessGainCPerDuty;
                _event.TauS = r.TimeConstantS;
                _event.DeadTimeS = r.DeadTimeS;
                _event.Rule = NameOf(t.LastRule);
            }
            if (status == TuningStatuses.AutotuneProgress)
            {
                _event.CyclesDone = t.AutotuneCyclesDone;
                _event.CyclesRemaining = t.AutotuneCyclesRemaining;
                _event.PuS = t.AutotuneLastPeriodS;
            }
            SendEvent();
        }

        private void EventMessageTuning(string status, double kp, double ti, double td)
        {
            _event.Status = status;
            _event.Kp = kp;
            _event.Ti = ti;
            _event.Td = td;
        }

        private static TuningRule RuleOf(string name)
        {
            if (name == TuningRuleNames.ZieglerNichols) return TuningRule.ZieglerNichols;
            if (name == TuningRuleNames.TyreusLuyben) return TuningRule.TyreusLuyben;
            if (name == TuningRuleNames.Simc) return TuningRule.Simc;
            if (name == TuningRuleNames.Lambda) return TuningRule.Lambda;
            return TuningRule.SimcPid; // also the default when the command names none
        }

        private static string NameOf(TuningRule rule)
        {
            switch (rule)
            {
                case TuningRule.ZieglerNichols: return TuningRuleNames.ZieglerNichols;
                case TuningRule.TyreusLuyben: return TuningRuleNames.TyreusLuyben;
                case TuningRule.Simc: return TuningRuleNames.Simc;
                case TuningRule.Lambda: return TuningRuleNames.Lambda;
                default: return TuningRuleNames.SimcPid;
            }
        }
    }
}
