using System;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Tuning the way engineers work: an autotune proposes a set (gains and model, with the response the
    /// model predicts), the engineer accepts or rejects it, every applied set is versioned and any kept
    /// version can be restored whole; insane gains are refused with the reason. Called from the link
    /// thread, never from the tick; sets are preallocated.
    /// </summary>
    public sealed partial class HotplateController
    {
        /// <summary>The station's versioned tuning sets (gains with the model they were made for).</summary>
        public TuningSetStore TuningSets { get { return _tuningSets; } }
        /// <summary>The autotune's proposal awaiting accept or reject, or null.</summary>
        public TuningSet Proposal { get { lock (_sync) { return _hasProposal ? _proposal : null; } } }

        /// <summary>
        /// Turns an autotune result into a proposed tuning set (gains by <paramref name="rule"/> and the
        /// fitted model) with its predicted step and drop response. Nothing is applied: the engineer
        /// accepts or rejects it. Throws ArgumentException with the reason when the result or the set is
        /// not sane; the running set and any earlier proposal stay as they were then.
        /// </summary>
        public TuningSet ProposeTuning(AutotuneResult result, TuningRule rule, double stepFromC, double waferHeatCapacityJPerK, double waferC)
        {
            lock (_sync)
            {
                PidGains gains = TuningRules.Compute(result, rule);
                _scratch.Version = 0;
                _scratch.Source = TuningSetSource.Autotune;
                _scratch.RestoredFrom = 0;
                _scratch.Rule = rule;
                _scratch.Kp = gains.Kp; _scratch.Ti = gains.Ti; _scratch.Td = gains.Td;
                _scratch.ModelGainCPerDuty = result.ProcessGainCPerDuty;
                _scratch.ModelTimeConstantS = DynamicTimeConstant(result);
                _scratch.ModelDeadTimeS = result.DeadTimeS;
                _scratch.ModelAmbientC = result.AmbientC;
                string error = TuningSanity.Check(_scratch);
                if (error != null) throw new ArgumentException("autotune proposal refused: " + error);
                _prediction.Predict(_scratch, stepFromC, result.MeanTemperatureC, _config.HeaterPowerW, waferHeatCapacityJPerK, waferC);
                _proposal.CopyFrom(_scratch);
                _hasProposal = true;
                return _proposal;
            }
        }

        /// <summary>Accepts the proposal: stored as the next version and applied whole. Throws if there is none.</summary>
        public TuningSet AcceptProposal()
        {
            lock (_sync)
            {
                if (!_hasProposal) throw new InvalidOperationException("tuning: no proposal to accept");
                _hasProposal = false;
                return ApplyStored(_tuningSets.Add(_proposal));
            }
        }

        /// <summary>Drops the proposal; the running set stays. False if there was none.</summary>
        public bool RejectProposal()
        {
            lock (_sync)
            {
                bool had = _hasProposal;
                _hasProposal = false;
                return had;
            }
        }

        /// <summary>Stores <paramref name="set"/> (e.g. entered by an engineer) as the next version and applies it whole; refused with the reason if not sane.</summary>
        public TuningSet ApplyTuningSet(TuningSet set)
        {
            lock (_sync)
            {
                return ApplyStored(_tuningSets.Add(set));
            }
        }

        /// <summary>
        /// Makes an earlier version the running set again, gains and model together, as a new version
        /// (source Restored, RestoredFrom = <paramref name="version"/>). Throws if that version is not kept.
        /// </summary>
        public TuningSet RestoreTuningSet(int version)
        {
            lock (_sync)
            {
                TuningSet old = _tuningSets.Find(version);
                if (old == null) throw new ArgumentException("tuning: version " + version + " is not kept on this station (latest " + _tuningSets.LatestVersion + ")");
                _scratch.CopyFrom(old);
                _scratch.Source = TuningSetSource.Restored;
                _scratch.RestoredFrom = version;
                return ApplyStored(_tuningSets.Add(_scratch));
            }
        }

        private TuningSet ApplyStored(TuningSet set)
        {
            _pid.SetGains(set.Gains);
            // The learned corrections belong to the model they refined: a different set starts from its own model.
            _feedForward.Clear();
            _feedForward.SetModel(set.ModelGainCPerDuty, set.ModelTimeConstantS, set.ModelAmbientC, set.ModelDeadTimeS);
            _mismatch.Reset();
            return set;
        }

        /// <summary>Stops a running autotune (heater off, plate Idle, no result applied). False if none was running.</summary>
        public bool CancelAutotune()
        {
            lock (_sync)
            {
                if (_state != HotplateState.Autotuning) return false;
                _autotune.Abort();
                _safety.ApplyDuty(_lastTickMs, 0);
                _duty = 0;
                _setpointC = double.NaN;
                _state = HotplateState.Idle;
                return true;
            }
        }

        /// <summary>Autotune progress 0..1 (see <see cref="RelayAutotune.Progress"/>).</summary>
        public double AutotuneProgress { get { return _autotune.Progress; } }

        /// <summary>Relay cycles of the running autotune: completed, still to run at least, and the last one's length (s, NaN before the first).</summary>
        public int AutotuneCyclesDone { get { return _autotune.CyclesCompleted; } }
        public int AutotuneCyclesRemaining { get { return _autotune.CyclesRemaining; } }
        public double AutotuneLastPeriodS { get { return _autotune.LastPeriodS; } }
    }
}
