namespace DispenseStation.Firmware.Util
{
    /// <summary>
    /// The few numeric helpers the core needs. nanoFramework's mscorlib has no System.Math,
    /// so the core carries its own (allocation-free, no generics).
    /// </summary>
    public static class Num
    {
        /// <summary>A heater duty 0..1 in 16 bits (steps of 1/65535, 0.0015 % of full power): duty histories
        /// take 2 bytes a sample on the ESP32's heap instead of a float's 4. Below 0 or NaN is 0, above 1 is 1.</summary>
        public static ushort DutyToUInt16(double duty)
        {
            if (!(duty > 0)) return 0;
            if (duty >= 1) return 65535;
            return (ushort)(duty * 65535 + 0.5);
        }

        public static double DutyFromUInt16(ushort duty)
        {
            return duty / 65535.0;
        }

        public static double Clamp(double value, double min, double max)
        {
            if (value < min) return min;
            if (value > max) return max;
            return value;
        }

        public static double Abs(double value)
        {
            return value < 0 ? -value : value;
        }

        public static double Min(double a, double b)
        {
            return a < b ? a : b;
        }

        public static double Max(double a, double b)
        {
            return a > b ? a : b;
        }

        public static int Min(int a, int b)
        {
            return a < b ? a : b;
        }

        public static int Max(int a, int b)
        {
            return a > b ? a : b;
        }

        /// <summary>True for a real number (not NaN, not infinite).</summary>
        public static bool IsFinite(double value)
        {
            return !double.IsNaN(value) && !double.IsInfinity(value);
        }

        /// <summary>Square root by Newton's iteration; 0 for zero or negative input.</summary>
        public static double Sqrt(double value)
        {
            if (!(value > 0) || double.IsInfinity(value)) return value > 0 ? value : 0;
            // Start from a power-of-two guess so that any magnitude converges in a few steps.
            double guess = 1;
            double v = value;
            while (v > 4) { v *= 0.25; guess *= 2; }
            while (v < 0.25) { v *= 4; guess *= 0.5; }
            for (int i = 0; i < 8; i++)
            {
                guess = 0.5 * (guess + value / guess);
            }
            return guess;
        }

        /// <summary>e^x by range reduction and a Taylor series; good to ~1e-15 relative.</summary>
        public static double Exp(double x)
        {
            if (double.IsNaN(x)) return x;
            if (x > 709) return double.PositiveInfinity;
            if (x < -745) return 0;
            // e^x = 2^k * e^r with |r| <= ln2/2
            const double Ln2 = 0.69314718055994530942;
            int k = (int)(x / Ln2 + (x < 0 ? -0.5 : 0.5));
            double r = x - k * Ln2;
            double term = 1, sum = 1;
            for (int n = 1; n < 20; n++)
            {
                term *= r / n;
                sum += term;
            }
            double scale = 1;
            if (k > 0) { for (int i = 0; i < k; i++) scale *= 2; }
            else { for (int i = 0; i < -k; i++) scale *= 0.5; }
            return sum * scale;
        }

        /// <summary>Rounds half away from zero to a whole number.</summary>
        public static long Round(double value)
        {
            return value < 0 ? -(long)(-value + 0.5) : (long)(value + 0.5);
        }
    }
}
