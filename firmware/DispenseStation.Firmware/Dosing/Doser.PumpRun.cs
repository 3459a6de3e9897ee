using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// Maintenance runs (prime a line, calibrate a pump): one channel at one fixed speed until its
    /// seconds or grams, then pump off and the settled weight. It is a dose in everything that keeps
    /// it safe (pump power only inside it, every scale fault, weight jumps and losses and the caller's
    /// Abort stop the pump at once, the runaway watch afterwards), but it has no target to aim at and
    /// no no-flow check, since a dry line only starts to deliver once it is primed.
    /// </summary>
    public sealed partial class Doser
    {
        private readonly PumpFlowCalibration _flow;
        private bool _runMode;
        private double _runSpeed, _runMaxGrams;
        private long _runMaxMs, _runPumpMs;
        private bool _runEndedByGrams;

        /// <summary>Calibrated flow per channel; what the dose phases expect to deliver.</summary>
        public PumpFlowCalibration Flow { get { return _flow; } }

        /// <summary>True when the running or last operation is a maintenance run, not a dose.</summary>
        public bool IsRun { get { return _runMode; } }

        /// <summary>How long the pump of the running or last run was on, s.</summary>
        public double RunPumpSeconds
        {
            get { return (Phase == DosePhase.Run ? _clock.UptimeMs - _phaseStartMs : _runPumpMs) / 1000.0; }
        }

        /// <summary>The last run stopped because its grams arrived (else its time ran out or it was cut).</summary>
        public bool RunEndedByGrams { get { return _runEndedByGrams; } }

        /// <summary>
        /// Starts a maintenance run. Throws ArgumentException naming the bad value,
        /// InvalidOperationException when a dose or run is going; nothing changes in either case.
        /// </summary>
        public void StartRun(int channel, double speed, double maxSeconds, double maxGrams)
        {
            if (IsRunning) throw new InvalidOperationException("a dose is running; Abort it first");
            if (channel < 0 || channel >= _channels.Length)
                throw new ArgumentException("channel must be in [0, " + (_channels.Length - 1) + "]");
            if (!Num.IsFinite(speed) || !(speed > 0) || speed > 1) throw new ArgumentException("speed must be in (0, 1]");
            if (!Num.IsFinite(maxSeconds) || !(maxSeconds > 0)) throw new ArgumentException("seconds must be a finite number > 0");
            if (!Num.IsFinite(maxGrams) || !(maxGrams > 0)) throw new ArgumentException("grams must be a finite number > 0");

            _runMode = true;
            _runSpeed = speed;
            _runMaxGrams = maxGrams;
            _runMaxMs = (long)(maxSeconds * 1000 + 0.5);
            _runPumpMs = 0;
            _runEndedByGrams = false;
            _channel = channel;
            _ch = _channels[channel];
            _pump = _pumps[channel];
            _target = maxGrams;
            // No tolerance to scale by: the ceiling, as a fixed threshold was before.
            _disturbance = DisturbanceFor(DisturbanceCeilingGrams);
            // A prime or a calibration changes what the line holds and the flows the doses plan with: the start-up
            // deficit learned against the old ones would misjudge the next dose's account.
            _startDeficitS[channel] = -1;
            _startMs = _clock.UptimeMs;
            // Room for the stable start, the run and the settle; the run's own clock stops the pump.
            _timeoutMs = _runMaxMs + (long)(2 * _ch.SettleTimeoutS * 1000);
            _haveStableActual = false;
            _result.Clear();
            _result.Channel = channel;
            _result.TargetGrams = maxGrams;
            _zeroTrackingBefore = _scale.ZeroTrackingEnabled;
            _scale.ZeroTrackingEnabled = false;
            _lastSampleCount = _scale.SampleCount;
            IdleFault = DoseFault.None;
            _lastChannel = channel;
            if (_power != null) _power.SetEnabled(true);
            State = DoserState.Running;
            EnterPhase(DosePhase.Start, _startMs);
        }

        private void TickRun(long now)
        {
            double median = _scale.MedianNetGrams;
            double step = median - _prevMedian;
            _prevMedian = median;
            if (step > JumpGrams()) { Fail(DoseFault.WeightJump); return; }
            if (step < -_disturbance) { Fail(DoseFault.WeightLoss); return; }

            if (Phase == DosePhase.Run)
            {
                double delivered = _scale.NetGrams - _startGrams;
                bool enoughGrams = delivered >= _runMaxGrams;
                if (enoughGrams || now - _phaseStartMs >= _runMaxMs)
                {
                    _runEndedByGrams = enoughGrams;
                    _runPumpMs = now - _phaseStartMs;
                    EnterPhase(DosePhase.Settle, now); // pump off
                }
                return;
            }
            long elapsed = now - _phaseStartMs;
            if (elapsed > (long)(_ch.SettleTimeoutS * 1000)) { Fail(DoseFault.ScaleUnstable); return; }
            if (elapsed < (long)(_ch.SettleDelayS * 1000) || !_scale.IsStable) return;
            StopAllPumps();
            _result.ActualGrams = _scale.StableNetGrams - _startGrams;
            _haveStableActual = true;
            _result.DurationS = (now - _startMs) / 1000.0;
            _result.Succeeded = true;
            _result.FaultCode = DoseFault.None;
            End(DoserState.Done);
        }
    }
}
