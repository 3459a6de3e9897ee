using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.Tests.App;

public sealed class StepResponseTests
{
    /// <summary>A first-order rise from 20 to 100 °C with time constant 10 s, plus a bump of +1.5 °C at 40-50 s.</summary>
    private static List<(double T, double C)> Trace() =>
        Enumerable.Range(0, 121).Select(i => (double)i).Select(t => (t, 100 - 80 * Math.Exp(-t / 10) + (t is >= 40 and < 50 ? 1.5 : 0))).ToList();

    [Fact]
    public void Figures_of_a_first_order_rise_match_the_analytic_values()
    {
        var r = StepResponse.Of(Trace(), setpointC: 100, bandC: 0.5);
        Assert.Equal(20, r.StartC);
        // 10 % and 90 % of a first-order step are reached at tau*ln(10/9) and tau*ln(10): 1.05 s and 23.0 s (sampled at 1 s: 2 and 24).
        Assert.Equal(22, r.RiseS);
        // Peak at 49 s: 101.5 - 80 e^-4.9 = 100.904 °C.
        Assert.Equal(1.5 - 80 * Math.Exp(-4.9), r.OvershootC, 9);
        // At 50 s the bump is gone and the plate is 80 e^-5 = 0.539 °C low; from 51 s on it stays within 0.5 °C.
        Assert.Equal(51, r.SettleS);
        Assert.InRange(r.MeanErrorAfterSettleC!.Value, -0.2, 0);
    }

    [Fact]
    public void A_cooling_step_and_a_trace_that_never_settles()
    {
        var cooling = StepResponse.Of([(0, 110), (1, 104), (2, 101), (3, 100.1), (4, 100.0)], setpointC: 100, bandC: 0.2);
        Assert.Equal(0, cooling.OvershootC);
        Assert.Equal(3, cooling.SettleS);

        var stuck = StepResponse.Of([(0, 20), (1, 40), (2, 60)], setpointC: 100, bandC: 0.5);
        Assert.Null(stuck.SettleS);
        Assert.Null(stuck.MeanErrorAfterSettleC);
        Assert.Null(stuck.RiseS);
    }
}
