using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Simulation.Tests.Thermal;

public sealed class FaultFixture
{
    public IReadOnlyList<FaultTiming> Results { get; } = FaultScenarios.RunAll(HotplateParameters.LoadDefault(), 42);
}

/// <summary>Every safety fault injected in simulation turns the heater off within its stated time and stays latched.</summary>
public class FaultInjectionTests(FaultFixture fixture) : IClassFixture<FaultFixture>
{
    public static TheoryData<string> Names =>
    [
        "RTD open", "RTD short", "converter not answering", "reading jumps +8 °C", "reading stuck",
        "heater element open", "RTD fell out of its well", "control loop hung (heater on)", "over-temperature (manual 100 %)",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void Heater_goes_off_within_the_stated_time_and_stays_off(string name)
    {
        var r = fixture.Results.Single(f => f.Name == name);
        Assert.Contains(r.Fault, r.Accepted);
        Assert.True(r.FaultToHeaterOffS <= r.LimitS, $"{name}: {r.FaultToHeaterOffS:F2} s > {r.LimitS:F2} s");
        Assert.True(r.HeaterStayedOff, $"{name}: heater came back on while latched");
    }

    [Fact]
    public void Every_scenario_ran()
    {
        Assert.Equal(Names.Count, fixture.Results.Count);
    }
}
