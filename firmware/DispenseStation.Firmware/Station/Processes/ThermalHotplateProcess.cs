using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>
    /// The station's hotplate over the thermal <see cref="HotplateController"/>. A recipe segment
    /// (setpoint, ramp °C/min, hold, band) becomes a Ramp (or a Cool when the setpoint is below the
    /// previous one) followed by a Hold when it has a hold time. The controller is ticked at its own
    /// period however fast the station ticks.
    /// </summary>
    public sealed partial class ThermalHotplateProcess : IHotplateProcess, IHotplateTuning
    {
        // Kp, Ti, Td, feed-forward gain, time constant, ambient, dead time. Records written before
        // the dead time was kept hold six values; they still import, with the configured dead time.
        private const int ParameterCount = 7;
        /// <summary>With the RTD calibration after the model: loaded (1/0), four points, date.</summary>
        private const int ParameterCountWithCalibration = ParameterCount + 6;
        private const int ParameterCountWithoutDeadTime = 6;
        private const double DefaultBandC = 1.0;

        private readonly HotplateController _controller;
        private readonly IClock _clock;
        private readonly int[] _lastThermalIndex;
        private int _programSegments;
        private long _lastTickMs;
        private bool _ticked;
        private string _startError;
        private bool _started;
        private readonly AutotuneSettings _autotuneSettings = new AutotuneSettings();
        private TuningRule _rule = TuningRule.SimcPid;
        private bool _autotuneReported = true;
        // Autotune limits when the command leaves them out: 25 °C of headroom, and the settings' default time.
        private const double DefaultAutotuneHeadroomC = 25;

        public ThermalHotplateProcess(HotplateController controller, IClock clock, int maxSegments)
        {
            if (controller == null) throw new System.ArgumentNullException("controller");
            if (clock == null) throw new System.ArgumentNullException("clock");
            _controller = controller;
            _clock = clock;
            _lastThermalIndex = new int[maxSegments];
            HeaterPermitted = true;
        }

        public HotplateController Controller
        {
            get { return _controller; }
        }

        public bool HeaterPermitted { get; set; }

        public bool IsRunning
        {
            get { return _controller.State == HotplateState.Running; }
        }

        public bool IsComplete
        {
            get { return _started && _controller.State == HotplateState.Completed; }
        }

        public int SegmentIndex
        {
            get
            {
                int thermal = _controller.Program.SegmentIndex;
                for (int i = 0; i < _programSegments; i++) if (thermal <= _lastThermalIndex[i]) return i;
                return _programSegments - 1;
            }
        }

        public int SegmentsCompleted
        {
            get
            {
                if (!_started) return 0;
                if (_controller.Program.Status == BakeProgramStatus.Completed) return _programSegments;
                int thermal = _controller.Program.SegmentIndex;
                int done = 0;
                for (int i = 0; i < _programSegments; i++) if (_lastThermalIndex[i] < thermal) done++;
                return done;
            }
        }

        public string FaultCode
        {
            get
            {
                if (_startError != null) return _startError;
                return FaultName(_controller.Fault);
            }
        }

        public double PlateC
        {
            get { return _controller.TemperatureC; }
        }

        public double SetpointC
        {
            get { return _controller.SetpointC; }
        }

        public double HeaterDuty
        {
            get { return _controller.Duty; }
        }

        /// <summary>Why the last program was refused by the controller, or null.</summary>
        public string StartErrorDetail { get; private set; }

        public void StartProgram(double[] setpointC, double[] rampCPerMin, double[] holdS, double[] bandC, int count)
        {
            // Built once per bake step (not per tick): at most two thermal segments per recipe segment.
            int thermalCount = 0;
            for (int i = 0; i < count; i++) thermalCount += holdS[i] > 0 ? 2 : 1;
            var segments = new BakeSegment[thermalCount];
            double previous = Num.IsFinite(_controller.TemperatureC) ? _controller.TemperatureC : _controller.Config.AmbientC;
            int k = 0;
            for (int i = 0; i < count; i++)
            {
                double target = setpointC[i];
                double band = Num.IsFinite(bandC[i]) && bandC[i] > 0 ? Num.Clamp(bandC[i], 0.05, 20) : DefaultBandC;
                if (target < previous) segments[k++] = BakeSegment.Cool(target);
                else segments[k++] = BakeSegment.Ramp(target, Num.Clamp(rampCPerMin[i] / 60.0, 0, 10), band);
                if (holdS[i] > 0) segments[k++] = BakeSegment.Hold(target, holdS[i], band);
                _lastThermalIndex[i] = k - 1;
                previous = target;
            }
            _controller.Abort();
            try
            {
                _controller.SetProgram(segments);
                _controller.StartProgram();
                _programSegments = count;
                _started = true;
                _startError = null;
                StartErrorDetail = null;
            }
            catch (System.Exception ex)
            {
                _started = false;
                _startError = "bake-rejected";
                StartErrorDetail = ex.Message;
            }
        }

        public void Stop()
        {
            _controller.Abort();
            _started = false;
        }

        public void Tick()
        {
            if (!HeaterPermitted && (_controller.State == HotplateState.Running || _controller.State == HotplateState.Autotuning)) Stop();
            long now = _clock.UptimeMs;
            if (_ticked && now - _lastTickMs < _controller.Config.TickPeriodMs) return;
            _ticked = true;
            _lastTickMs = now;
            _controller.Tick(now);
        }

        public double SecondsOutsideBand(int index)
        {
            if (index < 0 || index >= _programSegments) return 0;
            int first = index == 0 ? 0 : _lastThermalIndex[index - 1] + 1;
            double sum = 0;
            for (int k = first; k <= _lastThermalIndex[index]; k++) sum += _controller.Program.OutsideBandS(k);
            return sum;
        }

        public bool ResetFault()
        {
            _startError = null;
            return _controller.ResetFault();
        }

        public double Kp
        {
            get { return _controller.Pid.Kp; }
        }

        public double Ti
        {
            get { return _controller.Pid.Ti; }
        }

        public double Td
        {
            get { return _controller.Pid.Td; }
        }

        public bool AutotuneRunning
        {
            get { return _controller.State == HotplateState.Autotuning; }
        }

        public int AutotuneCyclesDone
        {
            get { return _controller.AutotuneCyclesDone; }
        }

        public int AutotuneCyclesRemaining
        {
            get { return _controller.AutotuneCyclesRemaining; }
        }

        public double AutotuneLastPeriodS
        {
            get { return _controller.AutotuneLastPeriodS; }
        }

        public AutotuneResult LastAutotune
        {
            get { return _controller.Autotune.Result; }
        }

        public TuningRule LastRule
        {
            get { return _rule; }
        }

        public string SetGains(double kp, double ti, double td)
        {
            if (AutotuneRunning) return "set-gains: an autotune is running";
            var gains = new PidGains(kp, ti, td);
            string problem = gains.Validate();
            if (problem != null) return "set-gains: " + problem;
            try
            {
                _controller.SetGains(gains);
                return null;
            }
            catch (System.Exception ex)
            {
                return "set-gains: " + ex.Message;
            }
        }

        public string StartAutotune(double targetC, TuningRule rule, double maxC, double maxS)
        {
            if (_controller.State == HotplateState.Running || AutotuneRunning) return "autotune: the hotplate is busy";
            if (_controller.Fault != ThermalFault.None) return "autotune: hotplate fault latched (" + FaultName(_controller.Fault) + "); reset it first";
            if (!HeaterPermitted) return "autotune: heater is not permitted now";
            AutotuneSettings s = _autotuneSettings;
            double cutoff = _controller.Config.Safety.MaxTemperatureC;
            s.SetpointC = targetC;
            s.AmbientC = _controller.Config.AmbientC;
            s.MaxTemperatureC = Num.IsFinite(maxC) ? maxC : Num.Min(targetC + DefaultAutotuneHeadroomC, cutoff - 1);
            s.MaxDurationS = Num.IsFinite(maxS) ? maxS : new AutotuneSettings().MaxDurationS;
            if (s.MaxTemperatureC >= cutoff) return "autotune: maxC must be below the safety cut-off " + cutoff.ToString("F1") + " °C";
            if (targetC > _controller.Config.MaxSetpointC) return "autotune: targetC must be at most the plate's maximum setpoint " + _controller.Config.MaxSetpointC.ToString("F1") + " °C";
            string problem = s.Validate();
            if (problem != null) return "autotune: " + problem;
            try
            {
                _controller.Abort();
                _controller.StartAutotune(s);
            }
            catch (System.Exception ex)
            {
                return ex.Message.StartsWith("autotune") ? ex.Message : "autotune: " + ex.Message;
            }
            _rule = rule;
            _started = false;
            _autotuneReported = false;
            return null;
        }

        public AutotuneStatus TakeAutotuneOutcome(out string failure)
        {
            failure = null;
            if (_autotuneReported || AutotuneRunning) return AutotuneStatus.Idle;
            _autotuneReported = true;
            AutotuneResult result = _controller.Autotune.Result;
            AutotuneStatus status = result.Status;
            if (_controller.Fault != ThermalFault.None)
            {
                failure = "hotplate fault " + FaultName(_controller.Fault);
                return AutotuneStatus.Aborted;
            }
            switch (status)
            {
                case AutotuneStatus.Succeeded:
                    try
                    {
                        _controller.ApplyAutotune(_rule);
                        return AutotuneStatus.Succeeded;
                    }
                    catch (System.Exception ex)
                    {
                        failure = "result unusable: " + ex.Message;
                        return AutotuneStatus.FailedModelFit;
                    }
                case AutotuneStatus.FailedOverTemperature: failure = "plate reached maxC " + _autotuneSettings.MaxTemperatureC.ToString("F1") + " °C"; break;
                case AutotuneStatus.FailedTimeout: failure = "no stable oscillation within maxS " + _autotuneSettings.MaxDurationS.ToString("F0") + " s"; break;
                case AutotuneStatus.FailedModelFit: failure = "no first-order-plus-dead-time model fits the oscillation"; break;
                case AutotuneStatus.Aborted: failure = "aborted"; break;
                default: failure = "ended without a result"; status = AutotuneStatus.Aborted; break;
            }
            return status;
        }

        public int ExportParameters(double[] destination)
        {
            destination[0] = _controller.Pid.Kp;
            destination[1] = _controller.Pid.Ti;
            destination[2] = _controller.Pid.Td;
            destination[3] = _controller.FeedForward.GainCPerDuty;
            destination[4] = _controller.FeedForward.TimeConstantS;
            destination[5] = _controller.FeedForward.AmbientC;
            destination[6] = _controller.FeedForward.DeadTimeS;
            RtdCalibration cal = _controller.Calibration;
            destination[7] = cal.IsCalibrated ? 1 : 0;
            destination[8] = cal.Reading1C;
            destination[9] = cal.Reference1C;
            destination[10] = cal.Reading2C;
            destination[11] = cal.Reference2C;
            destination[12] = cal.CalibratedUtcMs;
            return ParameterCountWithCalibration;
        }

        public bool RtdCalibrated
        {
            get { return _controller.Calibration.IsCalibrated; }
        }

        public long RtdCalibratedUtcMs
        {
            get { return _controller.Calibration.CalibratedUtcMs; }
        }

        public string SetRtdCalibration(double reading1C, double reference1C, double reading2C, double reference2C, long calibratedUtcMs)
        {
            string why = RtdCalibration.Check(reading1C, reference1C, reading2C, reference2C);
            if (why != null) return why;
            _controller.SetCalibration(reading1C, reference1C, reading2C, reference2C, calibratedUtcMs);
            return null;
        }

        public void ImportParameters(double[] values, int count)
        {
            if (count < ParameterCountWithoutDeadTime) return;
            var gains = new PidGains(values[0], values[1], values[2]);
            if (gains.Validate() == null) _controller.SetGains(gains);
            if (values[3] > 0 && Num.IsFinite(values[3]) && Num.IsFinite(values[4]) && Num.IsFinite(values[5]))
            {
                if (count >= ParameterCount) _controller.FeedForward.SetModel(values[3], values[4], values[5], values[6]);
                else _controller.FeedForward.SetModel(values[3], values[4], values[5]);
            }
            // A stored RTD calibration that no longer passes the check stays unloaded (raw reading).
            if (count >= ParameterCountWithCalibration && values[7] == 1
                && RtdCalibration.Check(values[8], values[9], values[10], values[11]) == null)
            {
                double utc = values[12];
                _controller.SetCalibration(values[8], values[9], values[10], values[11], utc >= 0 && utc < 253402300800000.0 ? (long)utc : -1);
            }
        }

        private static string FaultName(ThermalFault fault)
        {
            switch (fault)
            {
                case ThermalFault.None: return null;
                case ThermalFault.OverTemperature: return "over-temperature";
                case ThermalFault.SensorOpen: return "rtd-open";
                case ThermalFault.SensorShort: return "rtd-short";
                case ThermalFault.SensorNoResponse: return "rtd-no-response";
                case ThermalFault.SensorImplausibleJump: return "rtd-implausible";
                case ThermalFault.SensorStuck: return "rtd-stuck";
                case ThermalFault.RunawayNoRise: return "runaway-no-rise";
                case ThermalFault.RunawayFallingAway: return "runaway-falling-away";
                case ThermalFault.HeaterWatchdog: return "heater-watchdog";
                case ThermalFault.SsrWelded: return "ssr-welded";
                case ThermalFault.AboveSetpoint: return "above-setpoint";
                default: return "thermal-fault";
            }
        }
    }
}
