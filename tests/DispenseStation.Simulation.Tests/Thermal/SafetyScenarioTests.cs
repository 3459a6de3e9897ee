using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal;
using DispenseStation.Simulation.Thermal.Wafer;

namespace DispenseStation.Simulation.Tests.Thermal;

/// <summary>Welded SSR and plant mismatch on the simulated plate, over 8 seeds.</summary>
public class SafetyScenarioTests
{
    private static readonly HotplateParameters P = HotplateParameters.LoadDefault();

    [Fact]
    public void Welded_ssr_at_hold_is_latched_within_30_s_on_every_seed()
    {
        double worst = 0;
        for (int seed = 1; seed <= 8; seed++)
        {
            var c = (FirmwareContender)ContenderFactory.Create(ContenderKind.Project, P, seed, 110, 25);
            c.Start(110, double.NaN, double.NaN);
            c.RunUntil(900);
            c.Rig.Plant.SsrWelded = true;
            double weldedAt = c.NowS;
            while (c.Fault != ThermalFault.SsrWelded && c.NowS < weldedAt + 60) c.Step();
            Assert.Equal(ThermalFault.SsrWelded, c.Fault);
            worst = Math.Max(worst, c.NowS - weldedAt);
        }
        Assert.InRange(worst, 10, 30);
    }

    [Fact]
    public void A_plate_with_less_power_and_more_mass_than_tuned_is_told_to_retune()
    {
        // Tuned on the documented plate, run on one 20 % slower with 30 % less heater power.
        var tuned = (FirmwareContender)ContenderFactory.Create(ContenderKind.Project, P, 3, 110, 25);
        var weak = HotplateParameters.LoadDefault();
        weak.HeaterPowerW *= 0.7;
        weak.PlateHeatCapacityJPerK *= 1.2;
        var rig = new HotplateRig(weak, 3, 25);
        var c = new FirmwareContender("weak", rig, tuned.Calibration, StepHoldScenario.ProjectConfig(), StepHoldScenario.RunAutotune(P, 3, tuned.PlateTargetFor(110)), TuningRule.SimcPid, true);
        c.Start(110, double.NaN, double.NaN);
        c.RunUntil(1800);
        Assert.True(c.Controller.Mismatch.RetuneAdvised, $"last window error {c.Controller.Mismatch.LastErrorC:F2} °C");
        Assert.Equal(ThermalFault.None, c.Fault);
    }
}
