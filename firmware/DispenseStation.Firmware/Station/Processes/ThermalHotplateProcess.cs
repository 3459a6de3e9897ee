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
    public sealed class ThermalHotplateProcess : IHotplateProcess
    {
        // Kp, Ti, Td, feed-forward gain, time constant, ambient, dead time. Records written before
        // the dead time was kept hold six values; they still import, with the configured dead time.
        private const int ParameterCount = 7;
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
            if (!HeaterPermitted && _controller.State == HotplateState.Running) Stop();
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

        public int ExportParameters(double[] destination)
        {
            destination[0] = _controller.Pid.Kp;
            destination[1] = _controller.Pid.Ti;
            destination[2] = _controller.Pid.Td;
            destination[3] = _controller.FeedForward.GainCPerDuty;
            destination[4] = _controller.FeedForward.TimeConstantS;
            destination[5] = _controller.FeedForward.AmbientC;
            destination[6] = _controller.FeedForward.DeadTimeS;
            return ParameterCount;
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
                default: return "thermal-fault";
            }
        }
    }
}
