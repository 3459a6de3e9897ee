using DispenseStation.Simulation.Dosing;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>
/// A microlitre quencher dose (20 mg) on the balance, with the bench's tip behaviour on (drops and suck-back): the
/// quencher's peristaltic line (1/16" tip, 8.2 mg drops, roller slugs) against the syringe option fitted in its place
/// (hardware/BOM.md 17a: 0.0104 µL per microstep, a 25 G needle's 2.6 mg drops). The tolerance is the 2-sigma error
/// the planner's formula gives the syringe's drop on the 1 mg balance: sqrt(2 r² + d²/12) = 1.6 mg, so ±3.2 mg.
/// Measured when written: peristaltic 0/18 in tolerance from the 2nd dose (errors +4.6 to +13 mg: whole 8.2 mg drops),
/// syringe 7/18 (errors +1.1, +3.7, +6.4 mg: one 2.6 mg drop apart). The syringe is the better part, but the doser does
/// not yet count drops (it cuts for a continuous tail and the last drop lands whole), so neither meets ±3.2 mg reliably,
/// and 4 of the syringe's 11 doses reported successful are +3.7 mg out (the last drop lands after the verify): a silent
/// error, and why the shipped channels keep drops off and the syringe is not fitted until the doser counts drops.
/// </summary>
public class SyringeDosingTests(ITestOutputHelper output)
{
    private const double Target = 0.020, Tolerance = 0.0032;

    private (int inTolerance, int counted, double worstMg, List<string> lines) Run(DosingPlantParameters plant, string label)
    {
        int ok = 0, n = 0;
        double worst = 0;
        var lines = new List<string>();
        foreach (int seed in new[] { 31, 32, 33, 34, 35, 36 })
        {
            var runner = DosingStations.Project(plant, seed);
            for (int i = 0; i < 4; i++)
            {
                var o = runner.Dose("quencher", Target, Tolerance, timeoutS: 300);
                if (i == 0) continue;
                n++;
                if (o.WithinTolerance) ok++;
                worst = Math.Max(worst, Math.Abs(o.TrueErrorGrams) * 1000);
                lines.Add($"{label} seed {seed} #{i + 1}: {o.Fault}, error {o.TrueErrorGrams * 1000:F1} mg, {o.DurationS:F1} s");
            }
        }
        return (ok, n, worst, lines);
    }

    [Fact]
    public void Twenty_milligrams_of_quencher_by_syringe_against_the_peristaltic_line()
    {
        var balance = DosingPlantParameters.LoadDefault().WeighedBy("balance");
        var peristaltic = Run(balance.WithNozzleDrops(), "peristaltic");
        var syringe = Run(balance.WithNozzleDrops().WithOptionalChannel("quencher-syringe", "quencher"), "syringe");
        foreach (var l in peristaltic.lines.Concat(syringe.lines)) output.WriteLine(l);
        output.WriteLine($"in tolerance from the 2nd dose: peristaltic {peristaltic.inTolerance}/{peristaltic.counted}, syringe {syringe.inTolerance}/{syringe.counted}");
        Assert.True(syringe.inTolerance > peristaltic.inTolerance, "the syringe lands more 20 mg doses within ±3.2 mg");
        Assert.True(syringe.worstMg < peristaltic.worstMg / 1.5, $"worst error: syringe {syringe.worstMg:F1} mg, peristaltic {peristaltic.worstMg:F1} mg");
        // What the doser still lacks (issue 14): every syringe dose within two of its drops, not yet within ±3.2 mg.
        Assert.True(syringe.worstMg <= 3 * 2.64, $"syringe worst error {syringe.worstMg:F1} mg");
    }
}
