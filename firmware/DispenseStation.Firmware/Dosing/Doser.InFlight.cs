using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// What is in flight and the cut-off: the drain model (<see cref="TubeDrain"/>) scales the learned
    /// steady-dribble in-flight mass to what the tube holds now; an overfill stops the pump and still
    /// settles, so the in-flight mass is learned from it too.
    /// </summary>
    public sealed partial class Doser
    {
        private bool _cutPending;
        private long _cutAtMs;
        private double _cutAtGrams;

        /// <summary>
        /// The balance reads 10 times a second, and one reading of a dribble can be more than a small
        /// dose's tolerance (0.1 s of 96 mg/s is 9.6 mg against 5.4 mg): when the cut-off point falls
        /// before the next reading, the pump stops at the tick the measured flow reaches it, not at
        /// the next reading. The weight at the cut-off is then the extrapolated one, which is also
        /// what the in-flight mass is learned against.
        /// </summary>
        private void ScheduleCutOff(double delivered, double gap, long now)
        {
            _cutPending = false;
            // The flow arriving at the scale by the drain model, not the tracker's rate: just after the
            // switch to the dribble the tracker still shows the slow phase, and the tube still lets
            // out the slow phase's liquid, decaying.
            double flow = _drain.HeldGrams(_channel) / _drain.TimeConstantS(_channel);
            if (!(flow > 0)) return;
            double dueS = gap / flow;
            if (dueS * _scale.SamplesPerSecond >= 1) return;
            _cutPending = true;
            _cutAtMs = now + (long)(dueS * 1000 + 0.5);
            _cutAtGrams = delivered + gap;
        }

        /// <summary>Pump off; the settle verifies and learns what was in flight.</summary>
        private void CutOff(double delivered, long now)
        {
            _cutPending = false;
            _drain.Advance(_channel, now);
            _result.CutoffGrams = delivered;
            _result.InFlightUsedGrams = InFlightNow();
            _heldAtCut = _drain.HeldGrams(_channel);
            double rate = Num.Max(_scale.RateGramsPerS, 0);
            _pulseGain = rate > 0 ? rate : _ch.DribbleFlowGramsPerS;
            StopAllPumps();
            EnterPhase(DosePhase.Settle, now);
        }

        /// <summary>Mass still to land if the pump stopped now: the learned steady-dribble in-flight
        /// mass times what the tube holds over what it holds at a steady dribble.</summary>
        private double InFlightNow()
        {
            double steady = _drain.SteadyGrams(_channel, _ch.DribbleFlowGramsPerS);
            return _learner.Estimate(_channel) * _drain.HeldGrams(_channel) / steady;
        }

        /// <summary>
        /// The filtered weight is past the upper limit. A top-up pulse that overshoots fails at once.
        /// Otherwise the dose is lost but the liquid still draining from the tube tells how much was
        /// in flight, which the next dose needs (a viscous line whose in-flight mass was
        /// underestimated overfills this way): the pump stops, the settle learns, and the verify
        /// fails the dose as an overfill.
        /// </summary>
        /// <returns>true when the dose failed</returns>
        private bool Overfilled(double delivered)
        {
            if (Phase == DosePhase.TopUp) { Fail(DoseFault.Overfill); return true; }
            _overfillSeen = true;
            if (Phase != DosePhase.Settle)
            {
                // While feeding: pump power off at once, nothing more is wanted.
                CutPumpPower();
                CutOff(delivered, _clock.UptimeMs);
                return false;
            }
            double drainLimit = Num.Max(_target + _tolerance, _result.CutoffGrams + 2 * _result.InFlightUsedGrams) + DisturbanceCeilingGrams;
            if (delivered <= drainLimit) return false;
            // Far more coming than the tube held by the estimate: an in-flight estimate far off, or a
            // pump that did not stop. Pump power off stops any pump whatever its driver does; after
            // that only a welded relay could pump, so only a rise past the most a tube can hold
            // (MaxInFlightGrams) is a runaway. A station without a power switch cannot tell: it fails.
            if (_power != null && !_powerCut)
            {
                CutPumpPower();
                return false;
            }
            if (_powerCut && delivered <= _result.CutoffGrams + _ch.MaxInFlightGrams + DisturbanceCeilingGrams) return false;
            Fail(DoseFault.Overfill);
            return true;
        }

        private void CutPumpPower()
        {
            StopAllPumps();
            if (_power == null) return;
            _power.SetEnabled(false);
            _powerCut = true;
        }

        /// <summary>The flow the pump nominally moves in <paramref name="phase"/>, g/s.</summary>
        private double FlowOf(int phase)
        {
            switch (phase)
            {
                case DosePhase.Fast: return _ch.FastFlowGramsPerS;
                case DosePhase.Slow: return _ch.SlowFlowGramsPerS;
                case DosePhase.Dribble:
                case DosePhase.TopUp: return _ch.DribbleFlowGramsPerS;
                case DosePhase.Run: return _ch.FastFlowGramsPerS * _runSpeed / _ch.FastSpeed;
                default: return 0;
            }
        }
    }
}
