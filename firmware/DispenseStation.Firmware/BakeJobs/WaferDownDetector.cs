using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>
    /// Sees a wafer land from the plate's temperature alone: a cold wafer pulls heat out of the plate
    /// fast, so the reading falls steeply and far below where it sat; the lid opening or a draught
    /// only adds a slow loss the controller follows. Fed with every plate reading by the bake job
    /// (it decimates to its own sample period); armed while a wafer is expected. On detection it
    /// estimates when the wafer landed: the last sample still at the baseline (the onset the RTD
    /// saw), less the sensor's delay. Keeps its history in fixed arrays: no allocation per sample.
    /// </summary>
    public sealed class WaferDownDetector
    {
        private readonly WaferDownSettings _s;
        // Sample times as ms after _t0 (ints: half the heap of longs); _t0 moves up every 2^20 ms.
        private readonly int[] _t;
        private long _t0;
        // Plate readings as floats (7 significant digits: 1e-5 °C at 100 °C, far below the RTD's resolution).
        private readonly float[] _c;
        private int _head, _count;
        private bool _armed, _detected;
        private long _lastSampleMs;
        private bool _sampled;
        private double _baseline;
        private bool _hasBaseline;
        private int _confirm;
        private long _landingMs, _detectedMs;

        public WaferDownDetector(WaferDownSettings settings)
        {
            if (settings == null) throw new System.ArgumentNullException("settings");
            string problem = settings.Validate();
            if (problem != null) throw new System.ArgumentException("waferDown." + problem);
            _s = settings;
            _t = new int[settings.HistorySamples];
            _c = new float[settings.HistorySamples];
        }

        public WaferDownSettings Settings { get { return _s; } }
        public bool Armed { get { return _armed; } }
        /// <summary>A wafer-down signature was seen since <see cref="Arm"/>.</summary>
        public bool Detected { get { return _detected; } }
        /// <summary>When the signature was confirmed, ms uptime.</summary>
        public long DetectedAtMs { get { return _detectedMs; } }
        /// <summary>Estimated landing, ms uptime (onset less the sensor delay).</summary>
        public long EstimatedLandingMs { get { return _landingMs; } }
        /// <summary>The plate level the drop is measured from, °C.</summary>
        public double BaselineC { get { return _baseline; } }

        /// <summary>Samples held (newest is index 0 for <see cref="TimeAgo"/>/<see cref="CelsiusAgo"/>).</summary>
        public int HistoryCount { get { return _count; } }

        public long TimeAgo(int ago)
        {
            return TimeAt(Slot(ago));
        }

        public double CelsiusAgo(int ago)
        {
            return _c[Slot(ago)];
        }

        /// <summary>Starts watching for a wafer (keeps the history: the baseline stays warm).</summary>
        public void Arm()
        {
            _armed = true;
            _detected = false;
            _confirm = 0;
            _landingMs = -1;
            _detectedMs = -1;
        }

        public void Disarm()
        {
            _armed = false;
            _confirm = 0;
        }

        /// <summary>Forgets history and baseline (a new job, or the plate changed setpoint).</summary>
        public void Reset()
        {
            _count = 0;
            _head = 0;
            _sampled = false;
            _hasBaseline = false;
            _confirm = 0;
            _detected = false;
            _armed = false;
        }

        /// <summary>One plate reading; true on the sample that confirms a wafer-down.</summary>
        public bool Sample(long nowMs, double plateC)
        {
            if (!Num.IsFinite(plateC)) return false;
            if (_sampled && nowMs - _lastSampleMs < _s.SamplePeriodMs) return false;
            double dtS = _sampled ? (nowMs - _lastSampleMs) / 1000.0 : 0;
            _sampled = true;
            _lastSampleMs = nowMs;
            Push(nowMs, plateC);
            if (!_hasBaseline)
            {
                _baseline = plateC;
                _hasBaseline = true;
                return false;
            }
            double slope = Slope();
            double drop = _baseline - plateC;
            bool falling = _count > _s.SlopeWindowSamples && slope <= -_s.SlopeThresholdCPerS && drop >= _s.DropThresholdC;
            // The baseline follows the plate only while it is not falling away, so a drop is measured
            // from where the plate sat before it.
            if (!falling && drop < _s.OnsetC && slope > -_s.SlopeThresholdCPerS / 2)
                _baseline += (plateC - _baseline) * Num.Min(1.0, dtS / _s.BaselineTauS);
            if (!_armed || _detected) return false;
            _confirm = falling ? _confirm + 1 : 0;
            if (_confirm < _s.ConfirmSamples) return false;
            _detected = true;
            _detectedMs = nowMs;
            _landingMs = Onset() - (long)(_s.SensorDelayS * 1000);
            if (_landingMs > nowMs) _landingMs = nowMs;
            return true;
        }

        private void Push(long t, double c)
        {
            if (_count == 0) _t0 = t;
            if (t - _t0 > RebaseMs) Rebase(t);
            _head = (_head + 1) % _t.Length;
            _t[_head] = (int)(t - _t0);
            _c[_head] = (float)c;
            if (_count < _t.Length) _count++;
        }

        private const long RebaseMs = 1L << 20; // about 17 minutes

        private long TimeAt(int slot)
        {
            return _t0 + _t[slot];
        }

        /// <summary>Moves the time base to <paramref name="t"/>; a sample more than 2^31 ms (24 days) older
        /// than it keeps that age (its slope with a newer sample is then 0: far too old to matter).</summary>
        private void Rebase(long t)
        {
            long shift = t - _t0;
            for (int i = 0; i < _t.Length; i++)
            {
                long v = _t[i] - shift;
                _t[i] = v < int.MinValue ? int.MinValue : (int)v;
            }
            _t0 = t;
        }

        private int Slot(int ago)
        {
            int i = _head - ago;
            while (i < 0) i += _t.Length;
            return i;
        }

        private double Slope()
        {
            int w = _s.SlopeWindowSamples;
            if (_count <= w) return 0;
            double dt = ((long)_t[Slot(0)] - _t[Slot(w)]) / 1000.0;
            return dt > 0 ? (_c[Slot(0)] - _c[Slot(w)]) / dt : 0;
        }

        // The onset: walking back from now, the first stretch where the plate was not yet falling
        // (a slope over three samples under a third of the threshold) gives the level it sat at;
        // the onset is where the reading first left that level by OnsetC, interpolated between
        // samples. The oldest sample held if the history is all drop.
        private long Onset()
        {
            int flat = -1;
            for (int ago = 0; ago + 3 < _count; ago++)
            {
                double dt = ((long)_t[Slot(ago)] - _t[Slot(ago + 3)]) / 1000.0;
                if (dt > 0 && (_c[Slot(ago)] - _c[Slot(ago + 3)]) / dt > -_s.SlopeThresholdCPerS / 3)
                {
                    flat = ago;
                    break;
                }
            }
            if (flat < 0) return TimeAt(Slot(_count - 1));
            int last = flat + 4 < _count ? flat + 4 : _count - 1;
            double level = 0;
            for (int ago = flat; ago <= last; ago++) level += _c[Slot(ago)];
            level = level / (last - flat + 1) - _s.OnsetC;
            for (int ago = flat; ago >= 1; ago--)
            {
                double c = _c[Slot(ago)], next = _c[Slot(ago - 1)];
                if (c >= level && next < level)
                {
                    long t0 = TimeAt(Slot(ago)), t1 = TimeAt(Slot(ago - 1));
                    return t0 + (long)((t1 - t0) * (c - level) / (c - next));
                }
            }
            return TimeAt(Slot(flat));
        }
    }
}
