using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Gains from an autotune result under a chosen rule (textbook formulas, sources in comments).</summary>
    public static class TuningRules
    {
        public static PidGains Compute(AutotuneResult result, TuningRule rule)
        {
            if (result == null || !result.Succeeded) throw new ArgumentException("autotune result: only a successful autotune yields gains");
            double ku = result.UltimateGain, pu = result.UltimatePeriodS;
            double k = result.ProcessGainCPerDuty, tau = result.TimeConstantS, theta = result.DeadTimeS;
            switch (rule)
            {
                case TuningRule.ZieglerNichols:
                    // Ziegler & Nichols (1942), ultimate-cycle PID.
                    return new PidGains(0.6 * ku, 0.5 * pu, 0.125 * pu);
                case TuningRule.TyreusLuyben:
                    // Tyreus & Luyben (1992).
                    return new PidGains(ku / 2.2, 2.2 * pu, pu / 6.3);
                case TuningRule.Simc:
                {
                    // Skogestad (2003): Kc = tau / (K (tc + theta)), Ti = min(tau, 4 (tc + theta)), tc = theta.
                    double tc = theta;
                    return new PidGains(tau / (k * (tc + theta)), Num.Min(tau, 4 * (tc + theta)), 0);
                }
                case TuningRule.Lambda:
                {
                    // IMC / lambda tuning for a lag process: Kc = tau / (K (lambda + theta)), Ti = tau.
                    double lambda = 3 * theta;
                    return new PidGains(tau / (k * (lambda + theta)), tau, 0);
                }
                case TuningRule.SimcPid:
                {
                    // SIMC series PID with the half rule: half the dead time is treated as a second lag
                    // tau2 = theta/2 (the RTD and heater-element lags), cancelled by derivative action.
                    double tau2 = theta / 2, thetaEff = theta / 2, tc = thetaEff;
                    double kc = tau / (k * (tc + thetaEff));
                    double ti = Num.Min(tau, 4 * (tc + thetaEff));
                    double td = tau2;
                    // Series (interacting) to ISA form.
                    double factor = 1 + td / ti;
                    return new PidGains(kc * factor, ti * factor, td / factor);
                }
                default:
                    throw new ArgumentException("rule: unknown tuning rule");
            }
        }
    }
}
