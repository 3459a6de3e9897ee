using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// How far the wafer surface sits below the plate the RTD reads, per setpoint, as a thermocouple
    /// wafer measured it (offset = calibrated plate reading - wafer reading, at steady state). The
    /// controller holds the plate at setpoint + offset so that the wafer is at the setpoint. Linear
    /// between points, constant beyond the ends; zero while empty. Up to <see cref="MaxPoints"/>.
    /// Allocation-free after construction; nanoFramework-compatible.
    /// </summary>
    public sealed class SurfaceOffsetTable
    {
        public const int MaxPoints = 8;
        /// <summary>Largest offset accepted, °C: more means the wafer is not on the plate, or the probe is wrong.</summary>
        public const double MaxOffsetC = 5;

        private readonly double[] _setpointC = new double[MaxPoints];
        private readonly double[] _offsetC = new double[MaxPoints];
        private int _count;

        public int Count { get { return _count; } }
        public double SetpointAt(int i) { return _setpointC[i]; }
        public double OffsetAt(int i) { return _offsetC[i]; }

        /// <summary>Null if usable; otherwise the field and the rule.</summary>
        public static string Check(double[] setpointsC, double[] offsetsC, int count)
        {
            if (setpointsC == null || offsetsC == null) return "surface offsets: setpoints and offsets are required";
            if (count < 0 || count > MaxPoints) return "surface offsets: between 0 and " + MaxPoints + " points";
            if (setpointsC.Length < count || offsetsC.Length < count) return "surface offsets: fewer values than points";
            for (int i = 0; i < count; i++)
            {
                if (!Num.IsFinite(setpointsC[i]) || !Num.IsFinite(offsetsC[i])) return "surface offsets: point " + (i + 1) + " is not a finite number";
                if (Num.Abs(offsetsC[i]) > MaxOffsetC) return "surface offsets: point " + (i + 1) + " offset must be within ±" + MaxOffsetC.ToString("F0") + " °C";
                if (i > 0 && !(setpointsC[i] > setpointsC[i - 1])) return "surface offsets: setpoints must increase (point " + (i + 1) + ")";
            }
            return null;
        }

        /// <summary>Replaces the table as a whole (throws ArgumentException with the reason; the old table is kept then).</summary>
        public void Set(double[] setpointsC, double[] offsetsC, int count)
        {
            string error = Check(setpointsC, offsetsC, count);
            if (error != null) throw new ArgumentException(error);
            for (int i = 0; i < count; i++)
            {
                _setpointC[i] = setpointsC[i];
                _offsetC[i] = offsetsC[i];
            }
            _count = count;
        }

        public void Clear() { _count = 0; }

        /// <summary>Offset at <paramref name="setpointC"/>, °C.</summary>
        public double OffsetFor(double setpointC)
        {
            if (_count == 0 || !Num.IsFinite(setpointC)) return 0;
            if (setpointC <= _setpointC[0]) return _offsetC[0];
            for (int i = 1; i < _count; i++)
            {
                if (setpointC <= _setpointC[i])
                {
                    double f = (setpointC - _setpointC[i - 1]) / (_setpointC[i] - _setpointC[i - 1]);
                    return _offsetC[i - 1] + f * (_offsetC[i] - _offsetC[i - 1]);
                }
            }
            return _offsetC[_count - 1];
        }
    }
}
