namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// Speed fraction to step frequency for a stepper pump driven by a PWM step signal.
    /// Below the lowest frequency the PWM peripheral can make cleanly the pump stops instead of
    /// stuttering; NaN or negative speeds stop it too.
    /// </summary>
    public sealed class StepRate
    {
        private readonly int _maxStepsPerSecond;
        private readonly int _minStepsPerSecond;

        public StepRate(int maxStepsPerSecond, int minStepsPerSecond)
        {
            if (maxStepsPerSecond <= 0) throw new System.ArgumentOutOfRangeException("maxStepsPerSecond", "must be positive");
            if (minStepsPerSecond <= 0 || minStepsPerSecond > maxStepsPerSecond)
                throw new System.ArgumentOutOfRangeException("minStepsPerSecond", "must be 1..maxStepsPerSecond");
            _maxStepsPerSecond = maxStepsPerSecond;
            _minStepsPerSecond = minStepsPerSecond;
        }

        /// <summary>Speed fraction clamped to 0..1 (NaN gives 0).</summary>
        public static double ClampFraction(double fraction)
        {
            return Fraction.Clamp(fraction);
        }

        /// <summary>Step frequency in Hz for the fraction; 0 means stopped.</summary>
        public int Frequency(double fraction)
        {
            double f = ClampFraction(fraction) * _maxStepsPerSecond;
            int hz = (int)(f + 0.5);
            return hz < _minStepsPerSecond ? 0 : hz;
        }
    }
}
