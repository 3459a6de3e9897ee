using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning;
using DispenseStation.Composition.Planning.Weighing;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Tests.Fixture;

namespace DispenseStation.Composition.Tests;

/// <summary>Doses too small for the station's scale and nozzle are refused with the stock that would work.</summary>
public class DoseFeasibilityTests
{
    private static readonly string StationText = File.ReadAllText(Path.Combine(DataDir, "stations", "ds-02.yaml"));

    private static Recipe Example() => RecipeParser.Parse(
        File.ReadAllText(Path.Combine(DataDir, "recipes", "dual-crosslinker-negative", "ok-biphenol-melamine.yaml")), "ok-biphenol-melamine.yaml", ShippedCatalog);

    private static ChannelMap StationWith(string from, string to, string scale = "repeatabilityGrams: 0.001")
    {
        var text = StationText.Replace(from, to).Replace("repeatabilityGrams: 0.001", scale);
        return ChannelMap.Parse(text, "ds-02-variant.yaml", ShippedCatalog);
    }

    [Fact]
    public void Sigma_combines_two_readings_and_one_drop()
    {
        Assert.Equal(Math.Sqrt(2e-6 + 0.008 * 0.008 / 12), DoseFeasibility.Sigma(0.001, 0.008), 12);
        // 1 % of the dose must cover 2 sigma: about 0.54 g on the reference balance and nozzle.
        Assert.Equal(0.5416, DoseFeasibility.MinimumDoseGrams(0.001, 0.008, 0.01), 3);
    }

    [Fact]
    public void The_shipped_example_plans_on_the_shipped_station()
    {
        var plan = DispensePlanner.Plan(Example(), Station("ds-02"));
        Assert.All(plan.Doses, d => Assert.True(d.TargetGrams > 0));
    }

    [Fact]
    public void Neat_quencher_is_refused_naming_dose_error_and_the_stock_that_works()
    {
        var map = StationWith("{ channel: 7, stock: toa-1pgmea }", "{ channel: 7, material: toa }");
        var e = Assert.Throws<CompositionException>(() => DispensePlanner.Plan(Example(), map));
        var error = Assert.Single(e.Errors, x => x.Field == "components[toa]");
        Assert.Contains("dose of 'toa' (fed neat) is 0.1013 g", error.Message);
        Assert.Contains("expected 2-sigma error is 5.4 mg", error.Message);
        Assert.Contains("above the 1 % ratio accuracy for Quencher", error.Message);
        Assert.Contains("load a stock of 'toa' at 18.7 wt% or less", error.Message);
    }

    [Fact]
    public void The_named_stock_concentration_is_just_feasible_and_a_little_more_is_not()
    {
        var recipe = Example();
        var toa = ShippedCatalog.TryGet("toa", out var m) ? m : throw new InvalidOperationException();
        var map = Station("ds-02");
        double solids = recipe.SolidsGrams * recipe.Components.Single(c => c.Material.Id == "toa").FractionOfSolids;
        double min = DoseFeasibility.MinimumDoseGrams(map.ScaleRepeatabilityGrams, DoseFeasibility.ReferenceDropGrams, 0.01);
        double limit = solids / min;
        var options = new DispenseOptions();
        Assert.Null(DoseFeasibility.Refusal(toa, new Channel(7, toa, "x", limit * 0.999, null, 1), solids / (limit * 0.999), solids, map, options));
        Assert.NotNull(DoseFeasibility.Refusal(toa, new Channel(7, toa, "x", limit * 1.001, null, 1), solids / (limit * 1.001), solids, map, options));
    }

    [Fact]
    public void Surfactant_gets_two_percent_and_roles_without_an_accuracy_are_not_checked()
    {
        Assert.True(ShippedCatalog.TryGet("fc-4430", out var fc));
        Assert.True(ShippedCatalog.TryGet("pgmea", out var pgmea));
        var map = Station("ds-02");
        var options = new DispenseOptions();
        double min2 = DoseFeasibility.MinimumDoseGrams(0.001, 0.008, 0.02);
        Assert.Null(DoseFeasibility.Refusal(fc, new Channel(8, fc, "s", 0.01, null, 1), min2 * 1.001, 0.001, map, options));
        Assert.NotNull(DoseFeasibility.Refusal(fc, new Channel(8, fc, "s", 0.01, null, 1), min2 * 0.999, 0.001, map, options));
        Assert.Null(DoseFeasibility.Refusal(pgmea, new Channel(1, pgmea, null, 1, null, 1), 0.001, 0, map, options));
    }

    [Fact]
    public void A_noisier_scale_refuses_what_the_balance_accepts()
    {
        // A scale repeating to 20 mg cannot weigh the 1.27 g dose of 1 % fc-4430 stock to 2 %.
        var map = StationWith("x-none-x", "x-none-x", "repeatabilityGrams: 0.02");
        var e = Assert.Throws<CompositionException>(() => DispensePlanner.Plan(Example(), map));
        Assert.Contains(e.Errors, x => x.Field == "components[fc-4430]" && x.Message.Contains("scale repeatability 20 mg"));
    }
}

/// <summary>Station maps describe the weighing device they name in hardware/weighing.json.</summary>
public class ScaleHardwareTests
{
    private static readonly ScaleHardware Hardware = ScaleHardware.Load(Path.Combine(DataDir, "hardware", "weighing.json"));

    public static IEnumerable<object[]> Stations() =>
        Directory.GetFiles(Path.Combine(DataDir, "stations"), "*.yaml").Select(f => new object[] { Path.GetFileNameWithoutExtension(f) });

    [Theory]
    [MemberData(nameof(Stations))]
    public void Every_shipped_station_map_agrees_with_its_hardware_entry(string station) =>
        Assert.Null(Hardware.Contradiction(Station(station)));

    [Theory]
    [InlineData("resolutionGrams: 0.001", "resolutionGrams: 0.0001", "resolutionGrams 0.0001 but mt-ms1003ts reads to 0.001 g")]
    [InlineData("capacityGrams: 1020", "capacityGrams: 1200", "capacityGrams 1200 but mt-ms1003ts weighs up to 1020 g")]
    [InlineData("repeatabilityGrams: 0.001", "repeatabilityGrams: 0.0001", "repeatabilityGrams 0.0001 but mt-ms1003ts repeats to 0.001 g")]
    [InlineData("model: mt-ms1003ts", "model: xyz", "scale.model 'xyz' is not in")]
    [InlineData("model: mt-ms1003ts, ", "", "scale has no 'model'")]
    public void A_station_map_that_contradicts_its_hardware_is_refused_naming_both(string from, string to, string expected)
    {
        var text = File.ReadAllText(Path.Combine(DataDir, "stations", "ds-01.yaml")).Replace(from, to);
        var map = ChannelMap.Parse(text, "ds-01.yaml", ShippedCatalog);
        var why = Hardware.Contradiction(map);
        Assert.NotNull(why);
        Assert.Contains(expected, why);
        Assert.Contains("ds-01.yaml", why);
    }

    [Fact]
    public void A_bad_hardware_file_is_refused_naming_the_entry()
    {
        var path = Path.Combine(Path.GetTempPath(), $"weighing-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"scales\": [ { \"model\": \"a\", \"part\": \"p\", \"interface\": \"can\", \"capacityGrams\": 1, \"readabilityGrams\": 1, \"repeatabilityGrams\": 1, \"updatesPerSecond\": 1, \"settlingTimeS\": 1 } ] }");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ScaleHardware.Load(path));
            Assert.Contains("scales[0] (a).interface must be mt-sics or hx711", e.Message);
        }
        finally { File.Delete(path); }
    }
}
