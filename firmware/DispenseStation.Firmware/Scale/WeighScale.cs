using System;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Scale
{
    /// <summary>
    /// The scale as the control core sees it: raw ADC counts through the calibration to grams,
    /// a low-lag control filter with flow rate, a stable-weight detector, tare and zero tracking.
    /// Call <see cref="Update"/> often (every control tick); it consumes whatever conversion
    /// arrived and never allocates.
    /// </summary>
    public sealed class WeighScale
    {
        /// <summary>HX711 output codes at the rails: an open or shorted bridge reads as these.</summary>
        public const int AdcMax = 0x7FFFFF;
        public const int AdcMin = -0x800000;

        private readonly ILoadCellAdc _adc;
        private readonly IClock _clock;
        private readonly ScaleSettings _settings;
        private readonly WeightFilter _filter;
        private readonly StableWeightDetector _detector;
        private readonly StableWeightDetector _rawDetector;
        private readonly double _zeroTrackStep;
        private ScaleCalibration _calibration;
        private long _lastSampleMs;
        private int _sameRawCount;

        public WeighScale(ILoadCellAdc adc, IClock clock, ScaleCalibration calibration, ScaleSettings settings)
        {
            if (adc == null) throw new ArgumentNullException("adc");
            if (clock == null) throw new ArgumentNullException("clock");
            if (calibration == null) throw new ArgumentNullException("calibration");
            if (settings == null) throw new ArgumentNullException("settings");
            settings.Validate();
            _adc = adc;
            _clock = clock;
            _settings = settings;
            _calibration = calibration;
            int sps = adc.SamplesPerSecond;
            if (sps < 1) throw new ArgumentException("adc.SamplesPerSecond must be >= 1");
            // Critically damped alpha-beta tracker: alpha from the response time, beta = alpha^2/(2-alpha).
            double alpha = Num.Clamp(1.0 / (sps * settings.FilterTimeS), 0.01, 1);
            _filter = new WeightFilter(alpha, alpha * alpha / (2 - alpha), sps);
            int window = (int)(settings.StableWindowS * sps + 0.5);
            int shortSamples = Num.Max(1, (int)(settings.StableShortS * sps + 0.5));
            _detector = new StableWeightDetector(shortSamples, window, settings.StableBandGrams);
            // Same test in counts, for capturing calibration points before grams mean anything.
            _rawDetector = new StableWeightDetector(shortSamples, window,
                settings.StableBandGrams * Num.Abs(calibration.CountsPerGram));
            _zeroTrackStep = settings.ZeroTrackRateGramsPerS / sps;
            _lastSampleMs = clock.UptimeMs;
            ZeroTrackingEnabled = true;
        }

        public ScaleCalibration Calibration { get { return _calibration; } }
        public int SamplesPerSecond { get { return _adc.SamplesPerSecond; } }

        /// <summary>Net weight after the control filter (tare subtracted).</summary>
        public double NetGrams { get { return _filter.Grams - TareGrams; } }
        /// <summary>Filtered weight change per second: the measured flow while dosing.</summary>
        public double RateGramsPerS { get { return _filter.RateGramsPerS; } }
        /// <summary>Median-of-three net weight of the last conversion (little smoothing, no lag).</summary>
        public double MedianNetGrams { get { return _filter.MedianGrams - TareGrams; } }
        /// <summary>Net weight of the last conversion alone, unfiltered (for averaging by callers).</summary>
        public double LastNetGrams { get; private set; }
        public bool IsStable { get { return _detector.IsStable; } }
        /// <summary>Net stable weight; valid only when <see cref="IsStable"/>.</summary>
        public double StableNetGrams { get { return _detector.StableGrams - TareGrams; } }
        public bool IsRawStable { get { return _rawDetector.IsStable; } }
        /// <summary>Stable mean raw counts, for two-point calibration.</summary>
        public double StableRawCounts { get { return _rawDetector.StableGrams; } }
        public double TareGrams { get; private set; }
        /// <summary>Counts every conversion consumed; control logic acts once per new sample.</summary>
        public long SampleCount { get; private set; }
        public int LastRawCounts { get; private set; }
        /// <summary>The ADC reads at a rail: bridge open or shorted.</summary>
        public bool IsSaturated { get; private set; }
        /// <summary>No conversion for longer than the configured silence.</summary>
        public bool IsSilent { get { return _clock.UptimeMs - _lastSampleMs > _settings.SilentMs; } }
        /// <summary>The last <see cref="ScaleSettings.FrozenSamples"/> raw readings were identical: the ADC froze.</summary>
        public bool IsFrozen { get { return _settings.FrozenSamples > 0 && _sameRawCount >= _settings.FrozenSamples; } }
        /// <summary>How many raw readings in a row, the last included, were identical (1 when the last one changed).</summary>
        public int SameRawCount { get { return _sameRawCount; } }
        /// <summary>Standard deviation of one reading at rest the settings were made for: their stable band is
        /// about 4 sigma of a short average (see <see cref="ScaleSettings"/>), so sigma of one reading is a quarter
        /// band times the square root of the readings in a short average.</summary>
        public double ReadingNoiseGrams
        {
            get { return _settings.StableBandGrams / 4 * Num.Sqrt(Num.Max(1, (int)(_settings.StableShortS * SamplesPerSecond + 0.5))); }
        }
        /// <summary>Standard deviation of one stable reading (from the settings).</summary>
        public double RepeatabilityGrams { get { return _settings.RepeatabilityGrams; } }
        /// <summary>Off while dosing: tracking would otherwise absorb slow dribble as drift.</summary>
        public bool ZeroTrackingEnabled { get; set; }

        /// <summary>Reads a pending conversion, if any. True when a new sample was processed.</summary>
        public bool Update()
        {
            int raw;
            if (!_adc.TryRead(out raw)) return false;
            _lastSampleMs = _clock.UptimeMs;
            _sameRawCount = SampleCount > 0 && raw == LastRawCounts ? _sameRawCount + 1 : 1;
            LastRawCounts = raw;
            SampleCount++;
            IsSaturated = raw >= AdcMax || raw <= AdcMin;
            _rawDetector.Add(raw);
            double gross = _calibration.ToGrams(raw);
            LastNetGrams = gross - TareGrams;
            _filter.Add(gross);
            _detector.Add(gross);
            if (ZeroTrackingEnabled && _detector.IsStable) TrackZero();
            return true;
        }

        /// <summary>Tares on the stable weight. False (and nothing changed) when not stable.</summary>
        public bool TryTare()
        {
            if (!_detector.IsStable) return false;
            TareGrams = _detector.StableGrams;
            return true;
        }

        /// <summary>Replaces the calibration (after a two-point procedure or a restore); restarts filtering.</summary>
        public void SetCalibration(ScaleCalibration calibration)
        {
            if (calibration == null) throw new ArgumentNullException("calibration");
            _calibration = calibration;
            // Before the first conversion there is no reading to re-express: seeding the filter with raw 0 made a
            // calibration restored at boot start the tracker at a phantom weight, and it was still ringing 1.7 g low
            // when the detector (on the real samples) called the reading stable and a resumed dose read a lighter bottle.
            if (SampleCount > 0) _filter.Reset(calibration.ToGrams(LastRawCounts));
            else _filter.Clear();
            _detector.Reset();
            TareGrams = 0;
        }

        private void TrackZero()
        {
            double net = _detector.StableGrams - TareGrams;
            if (Num.Abs(net) > _settings.ZeroTrackRangeGrams) return;
            TareGrams += Num.Clamp(net, -_zeroTrackStep, _zeroTrackStep);
        }
    }
}
