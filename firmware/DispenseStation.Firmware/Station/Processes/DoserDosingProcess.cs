using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Scale;

namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>
    /// The station's scale and pumps over <see cref="WeighScale"/> and <see cref="Doser"/>. The
    /// station's tare is kept here as a gross-mass offset (persisted with the calibration and what
    /// the doser learned per channel), so that after a reboot the net mass in the bottle reads the same.
    /// </summary>
    public sealed partial class DoserDosingProcess : IDosingProcess
    {
        private readonly WeighScale _scale;
        private readonly Doser _doser;
        private readonly IPumpOutput[] _pumps;
        private readonly DoseChannelSettings[] _channels;
        private readonly IClock _clock;
        private double _tareGross;
        private bool _tareRequested;
        private bool _doseStarted;
        private long _doseStartMs;
        private string _startError;

        public DoserDosingProcess(WeighScale scale, Doser doser, IPumpOutput[] pumps, DoseChannelSettings[] channels, IClock clock)
        {
            if (scale == null || doser == null || pumps == null || channels == null || clock == null)
            {
                throw new System.ArgumentNullException("scale, doser, pumps, channels and clock are required");
            }
            _scale = scale;
            _doser = doser;
            _pumps = pumps;
            _channels = channels;
            _clock = clock;
            PumpsPermitted = true;
        }

        public Doser Doser
        {
            get { return _doser; }
        }

        public WeighScale Scale
        {
            get { return _scale; }
        }

        public bool PumpsPermitted { get; set; }

        public int ChannelCount
        {
            get { return _doser.ChannelCount; }
        }

        /// <summary>Filtered gross mass minus the station's tare.</summary>
        public double NetGrams
        {
            get { return _scale.NetGrams + _scale.TareGrams - _tareGross; }
        }

        public bool IsStable
        {
            get { return _scale.IsStable; }
        }

        public bool TareDone { get; private set; }

        public bool IsDosing
        {
            get { return _doser.IsRunning; }
        }

        public bool DoseFinished
        {
            get { return (_doseStarted && !_doser.IsRunning) || _startError != null; }
        }

        public bool DoseSucceeded
        {
            get { return _startError == null && _doseStarted && !_doser.IsRunning && _doser.Result.Succeeded; }
        }

        public double DoseActualGrams
        {
            get { return _doseStarted ? _doser.DeliveredGrams : 0; }
        }

        public long DoseDurationMs
        {
            get
            {
                if (!_doseStarted) return 0;
                if (_doser.IsRunning) return _clock.UptimeMs - _doseStartMs;
                return (long)(_doser.Result.DurationS * 1000 + 0.5);
            }
        }

        public bool PumpRunOn
        {
            get { return _doser.IdleFault == DoseFault.PumpRunaway; }
        }

        public string FaultCode
        {
            get
            {
                if (_startError != null) return _startError;
                if (_doser.IdleFault != DoseFault.None) return FaultName(_doser.IdleFault);
                if (!_doseStarted || _doser.IsRunning) return null;
                return FaultName(_doser.Result.FaultCode);
            }
        }

        public void BeginTare()
        {
            _tareRequested = true;
            TareDone = false;
        }

        public void StartDose(int channel, double targetGrams, double toleranceGrams, double timeoutS)
        {
            _startError = null;
            try
            {
                _doser.Start(channel, targetGrams, toleranceGrams, timeoutS);
                _doseStarted = true;
                _doseStartMs = _clock.UptimeMs;
            }
            catch (System.Exception)
            {
                _doseStarted = false;
                _startError = "dose-rejected";
            }
        }

        public void Stop()
        {
            // An abort on purpose (hold, e-stop) is not a dose fault: forget the dose.
            _doser.Abort();
            _doseStarted = false;
        }

        public void Tick()
        {
            if (!PumpsPermitted && _doser.IsRunning) Stop();
            _doser.Tick();
            if (_tareRequested && _scale.IsStable)
            {
                _tareGross = _scale.StableNetGrams + _scale.TareGrams;
                _tareRequested = false;
                TareDone = true;
            }
        }

        public double PumpRate(int channel)
        {
            if (channel < 0 || channel >= _pumps.Length) return 0;
            DoseChannelSettings ch = _channels[channel];
            return _pumps[channel].CommandedSpeed * ch.FastFlowGramsPerS / ch.FastSpeed;
        }

        public bool ScaleCalibrated
        {
            get { return _scale.Calibration.IsCalibrated; }
        }

        public long ScaleCalibratedUtcMs
        {
            get { return _scale.Calibration.CalibratedUtcMs; }
        }

        public double ScaleReferenceGrams
        {
            get { return _scale.Calibration.ReferenceGrams; }
        }

        public void SetScaleCalibration(ScaleCalibration calibration)
        {
            _scale.SetCalibration(calibration);
        }

        /// <summary>Values before the in-flight masses and after them (the calibration's facts).</summary>
        private const int Head = 3, Tail = 3;

        /// <summary>Layout of the learned values after the flow tables: [layout, channels whose in-flight mass is learned
        /// (bit per channel), start-up deficit per channel (s, -1 = not learned)]. Another layout is not read.</summary>
        private const int LearnedLayout = 1, LearnedHead = 2;

        /// <summary>[tare gross g, zero counts, counts per gram, in-flight g per channel...,
        /// calibrated (1/0), calibration date (Unix ms UTC, -1 = not known), reference mass g (NaN = not known),
        /// pump flow table per channel (<see cref="PumpFlowCalibration.Export"/>: count, speeds, flows)...,
        /// learned values (<see cref="LearnedLayout"/>)].</summary>
        public int ExportParameters(double[] destination)
        {
            ScaleCalibration cal = _scale.Calibration;
            int n = _doser.ChannelCount;
            destination[0] = _tareGross;
            destination[1] = cal.ZeroCounts;
            destination[2] = cal.CountsPerGram;
            int at = Head + n;
            destination[at] = cal.IsCalibrated ? 1 : 0;
            destination[at + 1] = cal.CalibratedUtcMs;
            destination[at + 2] = cal.ReferenceGrams;
            _doser.Flow.Export(destination, at + Tail);
            at += Tail + n * PumpFlowCalibration.ValuesPerChannel;
            int learned = 0;
            for (int i = 0; i < n; i++)
            {
                destination[Head + i] = _doser.InFlight.Estimate(i);
                if (_doser.InFlight.IsLearned(i)) learned |= 1 << i;
                destination[at + LearnedHead + i] = _doser.LearnedStartDeficitS(i);
            }
            destination[at] = LearnedLayout;
            destination[at + 1] = learned;
            return at + LearnedHead + n;
        }

        /// <summary>
        /// Restores what <see cref="ExportParameters"/> wrote, or the record of firmware before the
        /// calibration's date was kept (no tail: a calibration, date and reference mass not known).
        /// A calibration the station was just given (its settings file) that is dated later than the
        /// stored one is kept: the newer calibration wins. Pump flows follow the facts: a flow table per channel,
        /// or in records of firmware before the table one flow at full speed per channel (read as a one-point
        /// table); records before pump calibration have none and the configured flows stay. Records before the
        /// learned values restore every in-flight mass as learned and no start-up deficit.
        /// </summary>
        /// <returns>null, or what was not restored and why (the station logs it at start-up)</returns>
        public string ImportParameters(double[] values, int count)
        {
            int n = _doser.ChannelCount;
            int facts = Head + n + Tail;
            int withFullSpeedFlows = facts + n;
            int withTables = facts + n * PumpFlowCalibration.ValuesPerChannel;
            bool withFacts = count == facts || count == withFullSpeedFlows || count >= withTables;
            if (count != Head + n && !withFacts) return "dosing record: " + count + " values fit no layout of " + n + " channels: nothing restored";
            if (count >= withTables) _doser.Flow.Import(values, facts);
            else if (count == withFullSpeedFlows) _doser.Flow.ImportFullSpeedFlows(values, facts);
            _tareGross = values[0];
            string problem = null;
            int learned = -1; // every in-flight mass counts as learned, as records before the learned values had it
            if (count > withTables)
            {
                double mask = values[withTables + 1];
                if (count != withTables + LearnedHead + n || values[withTables] != LearnedLayout || !(mask >= 0 && mask < (1 << n)) || mask != (int)mask)
                    problem = "dosing record: learned values of an unknown layout (" + values[withTables].ToString("F0") + "): every start-up deficit starts unlearned";
                else learned = (int)mask;
            }
            try
            {
                int at = Head + n;
                ScaleCalibration stored = withFacts
                    ? new ScaleCalibration(values[1], values[2], values[at] == 1, ToUtcMs(values[at + 1]), values[at + 2])
                    : new ScaleCalibration(values[1], values[2]);
                ScaleCalibration current = _scale.Calibration;
                bool currentIsNewer = current.IsCalibrated && current.CalibratedUtcMs >= 0 && stored.CalibratedUtcMs < current.CalibratedUtcMs;
                if (!currentIsNewer) _scale.SetCalibration(stored);
                // A channel that had learned nothing kept its guess of then: it takes the settings' guess of now.
                var inFlight = new double[n];
                for (int i = 0; i < n; i++) inFlight[i] = (learned >> i & 1) != 0 ? values[Head + i] : _doser.InFlight.Estimate(i);
                _doser.InFlight.Import(inFlight);
                for (int i = 0; i < n; i++) if ((learned >> i & 1) == 0) _doser.InFlight.Forget(i);
            }
            catch (System.ArgumentException)
            {
                problem = "dosing record: a stored scale calibration or in-flight mass is out of range: the settings' ones are kept";
            }
            if (count <= withTables || learned == -1) return problem;
            for (int i = 0; i < n; i++)
            {
                double s = values[withTables + LearnedHead + i];
                if (!_doser.RestoreStartDeficit(i, s))
                    problem = (problem == null ? "dosing record: " : problem + "; ") + "pump " + (i + 1) + "'s start-up deficit "
                        + s.ToString("F3") + " s is none a dose can teach ([0, " + Doser.MaxStartDeficitS.ToString("F1") + "] s): it starts unlearned";
            }
            return problem;
        }

        private static long ToUtcMs(double stored)
        {
            return stored >= 0 && stored < 253402300800000.0 ? (long)stored : -1;
        }

        private static string FaultName(int code)
        {
            switch (code)
            {
                case DoseFault.None: return null;
                case DoseFault.NoFlow: return "no-flow";
                case DoseFault.WeightLoss: return "weight-loss";
                case DoseFault.WeightJump: return "weight-jump";
                case DoseFault.Overfill: return "overfill";
                case DoseFault.ScaleUnstable: return "scale-unstable";
                case DoseFault.ScaleSilent: return "scale-silent";
                case DoseFault.ScaleSaturated: return "scale-saturated";
                case DoseFault.Timeout: return "dose-timeout";
                case DoseFault.ScaleFrozen: return "scale-frozen";
                case DoseFault.PumpRunaway: return "pump-runaway";
                case DoseFault.UnexplainedGain: return "weight-unexplained";
                case DoseFault.ZeroDrift: return "zero-drift";
                case DoseFault.Aborted: return null;
                case DoseFault.UnderTolerance: return "under-tolerance";
                default: return "dose-fault";
            }
        }
    }
}
