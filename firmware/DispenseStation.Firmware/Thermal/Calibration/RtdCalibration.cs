using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Two-point calibration of the plate RTD against a reference thermometer: corrected =
    /// reference1 + (reading - reading1) * (reference2 - reference1) / (reading2 - reading1). It removes
    /// the element's class error (offset and slope) and the reference resistor's gain error together.
    /// A calibration is refused, with the reason, when its points are not increasing, too close
    /// together, or need a correction beyond what a class A element on a 0.1 % reference can be off
    /// by (a wrong probe, a loose reference, a typing error). Identity until a calibration is accepted.
    /// Allocation-free after construction; nanoFramework-compatible.
    /// </summary>
    public sealed class RtdCalibration
    {
        /// <summary>Calibration points must be at least this far apart, °C.</summary>
        public const double MinSpanC = 20;
        /// <summary>Largest correction accepted, as a multiple of the parts' combined tolerance.</summary>
        public const double ToleranceMultiple = 1.5;

        private double _reading1, _reference1, _reading2 = 1, _reference2 = 1;
        private bool _calibrated;
        private long _calibratedUtcMs = -1;

        public bool IsCalibrated { get { return _calibrated; } }
        /// <summary>When the calibration was made, Unix ms UTC; -1 = not known (or not calibrated).</summary>
        public long CalibratedUtcMs { get { return _calibrated ? _calibratedUtcMs : -1; } }
        public double Reading1C { get { return _reading1; } }
        public double Reference1C { get { return _reference1; } }
        public double Reading2C { get { return _reading2; } }
        public double Reference2C { get { return _reference2; } }
        /// <summary>Slope of the correction (1 = none).</summary>
        public double Gain { get { return _calibrated ? (_reference2 - _reference1) / (_reading2 - _reading1) : 1; } }

        /// <summary>
        /// The largest error a class A PT100 (±(0.15 + 0.002|t|) °C) read against a 0.1 % reference
        /// resistor (0.1 % of R(t), about 0.001 (256 + t) °C) may show at <paramref name="celsius"/>, °C.
        /// </summary>
        public static double PartsToleranceC(double celsius)
        {
            return 0.15 + 0.002 * Num.Abs(celsius) + 0.001 * (256 + celsius);
        }

        /// <summary>Null if the two points make a usable calibration; otherwise the field and the rule.</summary>
        public static string Check(double reading1C, double reference1C, double reading2C, double reference2C)
        {
            if (!Num.IsFinite(reading1C) || !Num.IsFinite(reference1C) || !Num.IsFinite(reading2C) || !Num.IsFinite(reference2C))
                return "calibration: every reading and reference must be a finite number";
            if (!(reference2C > reference1C) || !(reading2C > reading1C))
                return "calibration: point 2 must be hotter than point 1 in both reading and reference (monotonic)";
            if (reference2C - reference1C < MinSpanC)
                return "calibration: the points must be at least " + MinSpanC.ToString("F0") + " °C apart";
            string error = CheckPoint("point 1", reading1C, reference1C);
            return error != null ? error : CheckPoint("point 2", reading2C, reference2C);
        }

        private static string CheckPoint(string name, double reading, double reference)
        {
            double limit = ToleranceMultiple * PartsToleranceC(reference);
            if (Num.Abs(reading - reference) > limit)
                return "calibration: " + name + " needs a correction of " + (reference - reading).ToString("F2")
                    + " °C, more than " + limit.ToString("F2") + " °C (1.5 x class A plus reference-resistor tolerance): check the probe";
            return null;
        }

        /// <summary>Applies the two points (throws ArgumentException with the reason; the previous calibration is kept then).</summary>
        public void Set(double reading1C, double reference1C, double reading2C, double reference2C)
        {
            Set(reading1C, reference1C, reading2C, reference2C, -1);
        }

        /// <summary>As <see cref="Set(double,double,double,double)"/>, dated (Unix ms UTC; -1 = not known).</summary>
        public void Set(double reading1C, double reference1C, double reading2C, double reference2C, long calibratedUtcMs)
        {
            string error = Check(reading1C, reference1C, reading2C, reference2C);
            if (error != null) throw new ArgumentException(error);
            _reading1 = reading1C;
            _reference1 = reference1C;
            _reading2 = reading2C;
            _reference2 = reference2C;
            _calibratedUtcMs = calibratedUtcMs >= 0 ? calibratedUtcMs : -1;
            _calibrated = true;
        }

        /// <summary>Back to the raw reading.</summary>
        public void Clear()
        {
            _calibrated = false;
        }

        /// <summary>The corrected temperature for a raw reading, °C.</summary>
        public double Correct(double readingC)
        {
            if (!_calibrated) return readingC;
            return _reference1 + (readingC - _reading1) * (_reference2 - _reference1) / (_reading2 - _reading1);
        }
    }
}
