using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Ranges outside which a tuning set is refused, with the reason. They bound what a resist bake plate
    /// (minutes of time constant, seconds of dead time, duty 0..1 per °C) can sensibly use; a relay
    /// autotune on the documented plate gives Kp ~0.18 /°C, Ti ~50 s, Td ~5 s, K ~1250 °C, tau ~2000 s,
    /// theta ~10 s.
    /// </summary>
    public static class TuningSanity
    {
        public const double MaxKp = 2;           // duty per °C: full power for half a degree
        public const double MinTiS = 5, MaxTiS = 3600;
        public const double MaxTdS = 120;
        public const double MinGain = 50, MaxGain = 20000;       // °C per unit duty
        public const double MinTauS = 30, MaxTauS = 20000;
        public const double MaxDeadTimeS = 120;

        /// <summary>Null when the gains are sane; otherwise the field, its value and the rule.</summary>
        public static string CheckGains(double kp, double ti, double td)
        {
            if (!Num.IsFinite(kp) || !(kp > 0) || kp > MaxKp)
                return "Kp must be in (0, " + MaxKp.ToString("F0") + "] duty/°C (got " + kp.ToString("F4") + ")";
            if (!Num.IsFinite(ti) || ti < MinTiS || ti > MaxTiS)
                return "Ti must be in [" + MinTiS.ToString("F0") + ", " + MaxTiS.ToString("F0") + "] s (got " + ti.ToString("F1") + "): without integral action the plate holds off its setpoint";
            if (!Num.IsFinite(td) || td < 0 || td > MaxTdS || td > ti / 2)
                return "Td must be in [0, min(" + MaxTdS.ToString("F0") + " s, Ti/2)] (got " + td.ToString("F1") + " s): a longer derivative amplifies RTD noise into the heater";
            return null;
        }

        /// <summary>Null when sane; otherwise the field, its value and the rule.</summary>
        public static string Check(TuningSet set)
        {
            if (set == null) return "tuning set is required";
            string gains = CheckGains(set.Kp, set.Ti, set.Td);
            if (gains != null) return gains;
            if (!Num.IsFinite(set.Kp) || !(set.Kp > 0) || set.Kp > MaxKp)
                return "Kp must be in (0, " + MaxKp.ToString("F0") + "] duty/°C (got " + set.Kp.ToString("F4") + ")";
            if (!Num.IsFinite(set.Ti) || set.Ti < MinTiS || set.Ti > MaxTiS)
                return "Ti must be in [" + MinTiS.ToString("F0") + ", " + MaxTiS.ToString("F0") + "] s (got " + set.Ti.ToString("F1") + "): without integral action the plate holds off its setpoint";
            if (!Num.IsFinite(set.Td) || set.Td < 0 || set.Td > MaxTdS || set.Td > set.Ti / 2)
                return "Td must be in [0, min(" + MaxTdS.ToString("F0") + " s, Ti/2)] (got " + set.Td.ToString("F1") + " s): a longer derivative amplifies RTD noise into the heater";
            if (!Num.IsFinite(set.ModelGainCPerDuty) || set.ModelGainCPerDuty < MinGain || set.ModelGainCPerDuty > MaxGain)
                return "model gain must be in [" + MinGain.ToString("F0") + ", " + MaxGain.ToString("F0") + "] °C per unit duty (got " + set.ModelGainCPerDuty.ToString("F1") + ")";
            if (!Num.IsFinite(set.ModelTimeConstantS) || set.ModelTimeConstantS < MinTauS || set.ModelTimeConstantS > MaxTauS)
                return "model time constant must be in [" + MinTauS.ToString("F0") + ", " + MaxTauS.ToString("F0") + "] s (got " + set.ModelTimeConstantS.ToString("F1") + ")";
            if (!Num.IsFinite(set.ModelDeadTimeS) || !(set.ModelDeadTimeS > 0) || set.ModelDeadTimeS > MaxDeadTimeS)
                return "model dead time must be in (0, " + MaxDeadTimeS.ToString("F0") + "] s (got " + set.ModelDeadTimeS.ToString("F1") + ")";
            if (!Num.IsFinite(set.ModelAmbientC) || set.ModelAmbientC < -10 || set.ModelAmbientC > 50)
                return "model ambient must be in [-10, 50] °C (got " + set.ModelAmbientC.ToString("F1") + ")";
            return null;
        }
    }
}
