using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// Each channel's measured flow, kept as grams per second at full speed (a peristaltic pump's flow
    /// is close to proportional to its speed). Setting it rewrites the channel's fast, slow and dribble
    /// flows, which the doser uses to pick the first phase, to expect flow and to size top-up pulses,
    /// so the next dose plans with what the pump really moves. 0 = not calibrated (factory flows).
    /// </summary>
    public sealed class PumpFlowCalibration
    {
        /// <summary>Highest flow at full speed accepted, g/s (a calibration above it is a weighing error).</summary>
        public const double MaxFullSpeedGramsPerS = 1000;

        private readonly DoseChannelSettings[] _channels;
        private readonly double[] _fullSpeed;
        private readonly double[] _factory; // fast, slow, dribble flow per channel as configured

        public PumpFlowCalibration(DoseChannelSettings[] channels)
        {
            if (channels == null) throw new ArgumentNullException("channels");
            _channels = channels;
            _fullSpeed = new double[channels.Length];
            _factory = new double[3 * channels.Length];
            for (int i = 0; i < channels.Length; i++)
            {
                _factory[3 * i] = channels[i].FastFlowGramsPerS;
                _factory[3 * i + 1] = channels[i].SlowFlowGramsPerS;
                _factory[3 * i + 2] = channels[i].DribbleFlowGramsPerS;
            }
        }

        public int ChannelCount { get { return _fullSpeed.Length; } }

        /// <summary>Calibrated g/s at full speed, or 0 when the channel was never calibrated.</summary>
        public double FullSpeedGramsPerS(int channel) { return _fullSpeed[channel]; }

        /// <summary>Null when stored and applied, else why not (nothing changed).</summary>
        public string Set(int channel, double speed, double gramsPerS)
        {
            if (channel < 0 || channel >= _fullSpeed.Length) return "channel must be in [0, " + (_fullSpeed.Length - 1) + "]";
            if (!Num.IsFinite(speed) || !(speed > 0) || speed > 1) return "speed must be in (0, 1]";
            if (!Num.IsFinite(gramsPerS) || !(gramsPerS > 0)) return "flow must be a finite number > 0 g/s";
            double full = gramsPerS / speed;
            if (full > MaxFullSpeedGramsPerS) return "flow at full speed " + full.ToString("F1") + " g/s is above " + MaxFullSpeedGramsPerS.ToString("F0") + " g/s";
            Apply(channel, full);
            return null;
        }

        /// <summary>Copies one value per channel (0 = not calibrated) into <paramref name="destination"/> from <paramref name="offset"/>.</summary>
        public void Export(double[] destination, int offset)
        {
            for (int i = 0; i < _fullSpeed.Length; i++) destination[offset + i] = _fullSpeed[i];
        }

        /// <summary>Restores persisted values; all or nothing (false and no change when one is out of range).</summary>
        public bool Import(double[] values, int offset)
        {
            for (int i = 0; i < _fullSpeed.Length; i++)
            {
                double v = values[offset + i];
                if (!Num.IsFinite(v) || v < 0 || v > MaxFullSpeedGramsPerS) return false;
            }
            for (int i = 0; i < _fullSpeed.Length; i++)
            {
                if (values[offset + i] > 0) Apply(i, values[offset + i]);
            }
            return true;
        }

        /// <summary>Puts back an earlier value of <see cref="FullSpeedGramsPerS"/>; 0 restores the configured flows.</summary>
        public void Restore(int channel, double fullSpeedGramsPerS)
        {
            if (fullSpeedGramsPerS > 0)
            {
                Apply(channel, fullSpeedGramsPerS);
                return;
            }
            DoseChannelSettings ch = _channels[channel];
            _fullSpeed[channel] = 0;
            ch.FastFlowGramsPerS = _factory[3 * channel];
            ch.SlowFlowGramsPerS = _factory[3 * channel + 1];
            ch.DribbleFlowGramsPerS = _factory[3 * channel + 2];
        }

        private void Apply(int channel, double full)
        {
            DoseChannelSettings ch = _channels[channel];
            _fullSpeed[channel] = full;
            ch.FastFlowGramsPerS = full * ch.FastSpeed;
            ch.SlowFlowGramsPerS = full * ch.SlowSpeed;
            ch.DribbleFlowGramsPerS = full * ch.DribbleSpeed;
        }
    }
}
