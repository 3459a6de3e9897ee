using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// Each channel's measured flow table: g/s at up to <see cref="MaxPoints"/> speeds, ascending. Setting
    /// it rewrites the channel's fast, slow and dribble flows from the table at those speeds (<see cref="FlowAt"/>),
    /// which the doser uses to pick the first phase, to expect flow and to size top-up pulses, so the next
    /// dose plans with what the pump really moves. A channel with no table keeps its configured flows; one
    /// with a single point (a record of firmware before the table) scales it by speed, as that firmware did.
    /// Arrays are allocated once, in the constructor; nothing here allocates afterwards (nanoFramework).
    /// </summary>
    public sealed class PumpFlowCalibration
    {
        /// <summary>Highest flow accepted, g/s (a calibration above it is a weighing error).</summary>
        public const double MaxFullSpeedGramsPerS = 1000;
        /// <summary>Most points per channel (the protocol's most speeds in one calibration).</summary>
        public const int MaxPoints = 6;
        /// <summary>Values per channel in <see cref="Export"/>: the count, then the speeds, then the flows.</summary>
        public const int ValuesPerChannel = 1 + 2 * MaxPoints;
        /// <summary>A flow may fall this fraction below the one at the next slower speed before the table is refused:
        /// a worn tube sags at high speed, but a clearly falling flow is a slipping tube or a disturbed weighing.</summary>
        public const double MaxFallFraction = 0.05;
        /// <summary>Below the slowest calibrated speed the table's first segment is followed down, but never under
        /// this fraction of the flow that speed would give through zero (see <see cref="FlowAt"/>).</summary>
        private const double ExtrapolationFloorFraction = 0.25;

        private readonly DoseChannelSettings[] _channels;
        private readonly int[] _count;
        private readonly double[] _speeds; // MaxPoints per channel
        private readonly double[] _flows;
        private readonly double[] _factory; // fast, slow, dribble flow per channel as configured

        public PumpFlowCalibration(DoseChannelSettings[] channels)
        {
            if (channels == null) throw new ArgumentNullException("channels");
            _channels = channels;
            _count = new int[channels.Length];
            _speeds = new double[MaxPoints * channels.Length];
            _flows = new double[MaxPoints * channels.Length];
            _factory = new double[3 * channels.Length];
            for (int i = 0; i < channels.Length; i++)
            {
                _factory[3 * i] = channels[i].FastFlowGramsPerS;
                _factory[3 * i + 1] = channels[i].SlowFlowGramsPerS;
                _factory[3 * i + 2] = channels[i].DribbleFlowGramsPerS;
            }
        }

        public int ChannelCount { get { return _count.Length; } }

        /// <summary>Points in the channel's table; 0 = never calibrated (factory flows).</summary>
        public int PointCount(int channel) { return _count[channel]; }

        public double PointSpeed(int channel, int point) { return _speeds[channel * MaxPoints + point]; }

        public double PointFlow(int channel, int point) { return _flows[channel * MaxPoints + point]; }

        /// <summary>Calibrated g/s at full speed (from the table), or 0 when the channel was never calibrated.</summary>
        public double FullSpeedGramsPerS(int channel) { return _count[channel] == 0 ? 0 : FlowAt(channel, 1); }

        /// <summary>
        /// The table's flow at <paramref name="speed"/>, g/s; 0 when the channel has no table. Between calibrated
        /// speeds: linear between the two neighbours, because a peristaltic pump's flow is near-linear in speed
        /// over a short span but not proportional over the whole range (it meets zero above speed 0, where the
        /// tube's slip and backflow eat the stroke, and sags at high speed as a worn tube fails to refill); a line
        /// through zero scaled from one point gets both ends wrong. Outside the calibrated speeds: the nearest
        /// segment extended, since on a curve that bends down (sag) an extended chord lies above the true flow,
        /// so the doser expects a little more than comes and cuts early rather than overfills; below the slowest
        /// speed it is kept above a quarter of that point scaled through zero, so a dribble speed under the
        /// table still plans with a positive flow. One point: scaled through zero (firmware before the table).
        /// </summary>
        public double FlowAt(int channel, double speed)
        {
            int n = _count[channel];
            if (n == 0) return 0;
            int at = channel * MaxPoints;
            double s0 = _speeds[at], q0 = _flows[at];
            if (n == 1) return q0 * speed / s0;
            if (speed <= s0)
            {
                double below = q0 + (speed - s0) * (_flows[at + 1] - q0) / (_speeds[at + 1] - s0);
                return Num.Max(below, ExtrapolationFloorFraction * q0 * speed / s0);
            }
            int i = 1;
            while (i < n - 1 && speed > _speeds[at + i]) i++;
            double sa = _speeds[at + i - 1], qa = _flows[at + i - 1];
            double sb = _speeds[at + i], qb = _flows[at + i];
            double flow = qa + (speed - sa) * (qb - qa) / (sb - sa);
            // Past the fastest speed a falling last segment would head for zero: hold its flow instead.
            return speed > sb && qb < qa ? qb : flow;
        }

        /// <summary>Null when the table (the first <paramref name="count"/> points, ascending speeds) is stored and
        /// applied, else why not (nothing changed).</summary>
        public string Set(int channel, double[] speeds, double[] flows, int count)
        {
            if (channel < 0 || channel >= _count.Length) return "channel must be in [0, " + (_count.Length - 1) + "]";
            string why = Check(speeds, flows, 0, count);
            if (why != null) return why;
            Apply(channel, speeds, flows, 0, count);
            return null;
        }

        /// <summary>Copies the channel's table into the arrays (each at least <see cref="MaxPoints"/> long); returns its point count.</summary>
        public int CopyTable(int channel, double[] speeds, double[] flows)
        {
            int n = _count[channel], at = channel * MaxPoints;
            for (int i = 0; i < n; i++)
            {
                speeds[i] = _speeds[at + i];
                flows[i] = _flows[at + i];
            }
            return n;
        }

        /// <summary>Puts back a table read with <see cref="CopyTable"/>; 0 points restores the configured flows.</summary>
        public void Restore(int channel, double[] speeds, double[] flows, int count)
        {
            if (count > 0)
            {
                Apply(channel, speeds, flows, 0, count);
                return;
            }
            DoseChannelSettings ch = _channels[channel];
            _count[channel] = 0;
            ch.FastFlowGramsPerS = _factory[3 * channel];
            ch.SlowFlowGramsPerS = _factory[3 * channel + 1];
            ch.DribbleFlowGramsPerS = _factory[3 * channel + 2];
        }

        /// <summary>Writes <see cref="ValuesPerChannel"/> values per channel into <paramref name="destination"/> from
        /// <paramref name="offset"/>: the point count, <see cref="MaxPoints"/> speeds, <see cref="MaxPoints"/> flows (unused ones 0).</summary>
        public void Export(double[] destination, int offset)
        {
            for (int c = 0; c < _count.Length; c++)
            {
                int to = offset + c * ValuesPerChannel, at = c * MaxPoints;
                destination[to] = _count[c];
                for (int i = 0; i < MaxPoints; i++)
                {
                    bool used = i < _count[c];
                    destination[to + 1 + i] = used ? _speeds[at + i] : 0;
                    destination[to + 1 + MaxPoints + i] = used ? _flows[at + i] : 0;
                }
            }
        }

        /// <summary>Restores what <see cref="Export"/> wrote; all or nothing (false and no change when one table is bad).</summary>
        public bool Import(double[] values, int offset)
        {
            for (int c = 0; c < _count.Length; c++)
            {
                int from = offset + c * ValuesPerChannel;
                double n = values[from];
                if (!(n >= 0 && n <= MaxPoints) || n != (int)n) return false;
                if (n > 0 && Check(values, values, from + 1, (int)n, from + 1 + MaxPoints) != null) return false;
            }
            for (int c = 0; c < _count.Length; c++)
            {
                int from = offset + c * ValuesPerChannel;
                int n = (int)values[from];
                if (n > 0) ApplyFrom(c, values, from + 1, values, from + 1 + MaxPoints, n);
            }
            return true;
        }

        /// <summary>Restores the one-flow-per-channel record of firmware before the table (g/s at full speed,
        /// 0 = not calibrated) as one-point tables at speed 1; all or nothing.</summary>
        public bool ImportFullSpeedFlows(double[] values, int offset)
        {
            for (int c = 0; c < _count.Length; c++)
            {
                double v = values[offset + c];
                if (!Num.IsFinite(v) || v < 0 || v > MaxFullSpeedGramsPerS) return false;
            }
            for (int c = 0; c < _count.Length; c++)
            {
                double v = values[offset + c];
                if (!(v > 0)) continue;
                int at = c * MaxPoints;
                _speeds[at] = 1;
                _flows[at] = v;
                _count[c] = 1;
                ApplyToChannel(c);
            }
            return true;
        }

        private string Check(double[] speeds, double[] flows, int offset, int count)
        {
            return Check(speeds, flows, offset, count, offset);
        }

        private static string Check(double[] speeds, double[] flows, int speedAt, int count, int flowAt)
        {
            if (count < 1 || count > MaxPoints) return "a table has 1 to " + MaxPoints + " points";
            for (int i = 0; i < count; i++)
            {
                double s = speeds[speedAt + i], q = flows[flowAt + i];
                if (!Num.IsFinite(s) || !(s > 0) || s > 1) return "speed " + s.ToString("F3") + " must be in (0, 1]";
                if (i > 0 && !(s > speeds[speedAt + i - 1])) return "speeds must rise: " + s.ToString("F3") + " follows " + speeds[speedAt + i - 1].ToString("F3");
                if (!Num.IsFinite(q) || !(q > 0)) return "flow at speed " + s.ToString("F3") + " must be a finite number > 0 g/s";
                if (q > MaxFullSpeedGramsPerS) return "flow " + q.ToString("F1") + " g/s is above " + MaxFullSpeedGramsPerS.ToString("F0") + " g/s";
                double prev = i > 0 ? flows[flowAt + i - 1] : 0;
                if (q < prev * (1 - MaxFallFraction))
                    return "flow falls from " + prev.ToString("F4") + " g/s to " + q.ToString("F4") + " g/s at speed " + s.ToString("F3")
                        + ": a slipping tube or a disturbed weighing";
            }
            return null;
        }

        private void Apply(int channel, double[] speeds, double[] flows, int offset, int count)
        {
            ApplyFrom(channel, speeds, offset, flows, offset, count);
        }

        private void ApplyFrom(int channel, double[] speeds, int speedAt, double[] flows, int flowAt, int count)
        {
            int at = channel * MaxPoints;
            for (int i = 0; i < count; i++)
            {
                _speeds[at + i] = speeds[speedAt + i];
                _flows[at + i] = flows[flowAt + i];
            }
            _count[channel] = count;
            ApplyToChannel(channel);
        }

        private void ApplyToChannel(int channel)
        {
            DoseChannelSettings ch = _channels[channel];
            ch.FastFlowGramsPerS = FlowAt(channel, ch.FastSpeed);
            ch.SlowFlowGramsPerS = FlowAt(channel, ch.SlowSpeed);
            ch.DribbleFlowGramsPerS = FlowAt(channel, ch.DribbleSpeed);
        }
    }
}
