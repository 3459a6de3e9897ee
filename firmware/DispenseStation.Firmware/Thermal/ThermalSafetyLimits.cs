namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Limits of the thermal safety supervisor. Defaults suit a 150-200 mm resist bake plate.</summary>
    public sealed class ThermalSafetyLimits
    {
        /// <summary>Hard cut-off, °C.</summary>
        public double MaxTemperatureC = 200;
        /// <summary>Readings outside this range mean a broken RTD circuit, °C.</summary>
        public double MinPlausibleC = -30;
        public double MaxPlausibleC = 400;
        /// <summary>Consecutive failed reads before a sensor fault (one glitch is tolerated).</summary>
        public int SensorFaultReads = 3;
        /// <summary>Largest believable change between two reads: this rate times the interval plus 1 °C.</summary>
        public double MaxRateCPerS = 15;
        /// <summary>An identical reading this long while the duty is above StuckMinDuty is a stuck sensor, s.</summary>
        public double StuckS = 10;
        public double StuckMinDuty = 0.05;
        /// <summary>Runaway (no rise): at or above this duty for a whole window, the plate must rise by at least MinRiseC.</summary>
        public double RunawayHighDuty = 0.9;
        public double RunawayWindowS = 30;
        public double RunawayMinRiseC = 2;
        /// <summary>Runaway (falling away): once reached, the setpoint may be undershot by this much for at most FallAwayWindowS.</summary>
        public double FallAwayMarginC = 5;
        public double FallAwayWindowS = 20;
        /// <summary>
        /// Welded SSR: after the heater has been commanded off for WeldedGraceS (the element's stored heat,
        /// ~3 element time constants, has reached the plate), a rise of WeldedRiseC within any
        /// WeldedWindowS means heat still flows. Worst-case detection after the duty reaches zero:
        /// grace + two windows. A welded 1200 W heater raises the plate ~0.7 °C/s; the heat left in the
        /// element after a cut from full power raises the reading under 0.6 °C in the first window.
        /// </summary>
        public double WeldedGraceS = 12;
        public double WeldedWindowS = 6;
        public double WeldedRiseC = 1.0;
        /// <summary>Above-setpoint deviation: once reached, the plate may exceed the setpoint by this much for at most AboveWindowS.</summary>
        public double AboveMarginC = 2;
        public double AboveWindowS = 5;
        /// <summary>Heater on without a refresh from the control loop for this long trips the watchdog, ms.</summary>
        public long WatchdogTimeoutMs = 500;

        public string Validate()
        {
            if (!(MaxTemperatureC > 30) || MaxTemperatureC > 400) return "MaxTemperatureC must be in (30, 400] °C";
            if (!(MinPlausibleC < MaxPlausibleC)) return "MinPlausibleC must be below MaxPlausibleC";
            if (SensorFaultReads < 1 || SensorFaultReads > 20) return "SensorFaultReads must be in [1, 20]";
            if (!(MaxRateCPerS > 0)) return "MaxRateCPerS must be > 0";
            if (!(StuckS > 0)) return "StuckS must be > 0";
            if (!(RunawayHighDuty > 0) || RunawayHighDuty > 1) return "RunawayHighDuty must be in (0, 1]";
            if (!(RunawayWindowS > 0) || !(RunawayMinRiseC > 0)) return "RunawayWindowS and RunawayMinRiseC must be > 0";
            if (!(FallAwayMarginC > 0) || !(FallAwayWindowS > 0)) return "FallAwayMarginC and FallAwayWindowS must be > 0";
            if (!(WeldedGraceS >= 0) || !(WeldedWindowS > 0) || !(WeldedRiseC > 0)) return "WeldedGraceS must be >= 0, WeldedWindowS and WeldedRiseC > 0";
            if (WeldedGraceS + 2 * WeldedWindowS > 30) return "WeldedGraceS + 2 x WeldedWindowS must be <= 30 s (the stated detection time)";
            if (!(AboveMarginC > 0) || !(AboveWindowS > 0) || AboveWindowS > 10) return "AboveMarginC must be > 0 and AboveWindowS in (0, 10] s";
            if (WatchdogTimeoutMs < 50) return "WatchdogTimeoutMs must be >= 50 ms";
            return null;
        }
    }
}
