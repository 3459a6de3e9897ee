namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>The one clamp every output uses for a duty or speed fraction.</summary>
    internal static class Fraction
    {
        /// <summary>Clamped to 0..1; NaN gives 0, so a bad command turns an output off, never on.</summary>
        public static double Clamp(double fraction)
        {
            return fraction > 0 ? (fraction < 1 ? fraction : 1) : 0;
        }
    }
}
