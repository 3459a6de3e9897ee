namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Trigonometry the autotune model fit needs; nanoFramework has no System.Math.</summary>
    internal static class ThermalMath
    {
        public const double Pi = 3.14159265358979323846;

        /// <summary>Arctangent, accurate to ~1e-12, by argument reduction and a Taylor series.</summary>
        public static double Atan(double x)
        {
            if (double.IsNaN(x)) return x;
            if (x < 0) return -Atan(-x);
            if (x > 1) return Pi / 2 - Atan(1 / x);
            // Halve the angle twice so the series converges fast: atan(x) = 2 atan(x / (1 + sqrt(1 + x^2))).
            double reduced = x;
            int halvings = 0;
            while (reduced > 0.1)
            {
                reduced = reduced / (1 + Util.Num.Sqrt(1 + reduced * reduced));
                halvings++;
            }
            double term = reduced, sum = reduced, square = reduced * reduced;
            for (int n = 1; n < 12; n++)
            {
                term *= -square;
                sum += term / (2 * n + 1);
            }
            for (int i = 0; i < halvings; i++) sum *= 2;
            return sum;
        }
    }
}
