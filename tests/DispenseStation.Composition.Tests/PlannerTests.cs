using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Planning;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Tests.Fixture;

namespace DispenseStation.Composition.Tests;

public class PlannerTests
{
    private static readonly Dictionary<string, string> StationFor = new()
    {
        ["silsesquioxane-negative"] = "ds-01",
        ["dual-crosslinker-negative"] = "ds-02",
        ["ebeam-negative"] = "ds-03",
    };

    public static IEnumerable<object[]> CompliantExamples() =>
        Directory.GetFiles(Path.Combine(DataDir, "recipes"), "ok-*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(DataDir, "recipes"), f)).Order().Select(f => new object[] { f });

    private static Recipe Example(string relativePath) =>
        RecipeParser.Parse(File.ReadAllText(Path.Combine(DataDir, "recipes", relativePath)), relativePath, ShippedCatalog);

    [Theory]
    [MemberData(nameof(CompliantExamples))]
    public void Compliant_example_plans_with_closed_mass_balance(string relativePath)
    {
        var recipe = Example(relativePath);
        // Mass balance only: the all-neat bench station some examples need feeds small PAG/quencher doses
        // neat, which the ratio-accuracy check rightly refuses (DoseFeasibilityTests cover that).
        var plan = DispensePlanner.Plan(recipe, StationLoadedFor(recipe, StationFor[recipe.ClaimSetId]),
            new DispenseOptions { RatioAccuracy = new Dictionary<MaterialRole, double>() });

        Assert.True(Math.Abs(plan.TotalTargetGrams - recipe.BatchGrams) <= 1e-9 * recipe.BatchGrams);
        Assert.Equal(recipe.SolidsGrams, plan.Doses.Sum(d => d.SolidsGrams), 9);
        foreach (var c in recipe.Components)
        {
            var dose = plan.Doses.Single(d => d.Material.Id == c.Material.Id);
            Assert.True(Math.Abs(dose.SolidsGrams / plan.SolidsGrams - c.FractionOfSolids) <= 1e-12);
        }
        Assert.Equal(Enumerable.Range(1, plan.Doses.Count), plan.Doses.Select(d => d.Order));
        Assert.Equal(recipe.Bakes, plan.BakeProfiles);
    }

    [Fact]
    public void Default_order_is_solvent_first_then_dilute_stocks_and_surfactant_then_quencher_last()
    {
        var plan = DispensePlanner.Plan(Example("dual-crosslinker-negative/ok-biphenol-melamine.yaml"), Station("ds-02"));
        var ids = plan.Doses.Select(d => d.Material.Id).ToList();
        Assert.Equal("pgmea", ids[0]);
        Assert.Equal(new[] { "fc-4430", "toa" }, ids.TakeLast(2));
        // Between them, more dilute stocks (higher solvent share) come first: 5 % PAG before 10 % B-1 before 20 % B-2 before 24.8 % resin.
        Assert.Equal(new[] { "tps-nf", "tmom-bp", "hmmm", "phs-st-8515" }, ids.Skip(1).Take(4));
    }

    [Fact]
    public void Measured_assay_on_the_channel_overrides_the_nominal_stock_concentration()
    {
        var recipe = Example("dual-crosslinker-negative/ok-biphenol-melamine.yaml");
        var plan = DispensePlanner.Plan(recipe, Station("ds-02"));
        var resin = plan.Doses.Single(d => d.Material.Id == "phs-st-8515");
        var solids = recipe.SolidsGrams * 100 / 118.45;
        Assert.Equal(solids / 0.248, resin.TargetGrams, 9);
        Assert.Equal(solids / 0.248 - solids, resin.SolventGrams, 9);
        Assert.Equal(102.13, resin.TargetGrams, 2); // 250 g x 12 % x 100/118.45 / 0.248
    }

    [Fact]
    public void Channel_and_explicit_orders_are_honoured()
    {
        var recipe = Example("silsesquioxane-negative/ok-bilayer-ebeam.yaml");
        var byChannel = DispensePlanner.Plan(recipe, Station("ds-01"), new DispenseOptions { Order = DispenseOrder.ChannelNumber, LastRoles = Array.Empty<MaterialRole>() });
        Assert.Equal(new[] { 1, 2, 4, 5, 7 }, byChannel.Doses.Select(d => d.Channel));

        var order = new[] { "ssq-hpe-ph-7030", "tmgu", "tps-tf", "toa", "pgmea" };
        var explicitPlan = DispensePlanner.Plan(recipe, Station("ds-01"), new DispenseOptions { Order = DispenseOrder.Explicit, ExplicitOrder = order });
        Assert.Equal(order, explicitPlan.Doses.Select(d => d.Material.Id));

        var errors = ErrorsOf(() => DispensePlanner.Plan(recipe, Station("ds-01"), new DispenseOptions { Order = DispenseOrder.Explicit, ExplicitOrder = order[..4] }));
        Assert.Contains(errors, e => e.Message.Contains("does not list 'pgmea'"));
    }

    [Fact]
    public void Minor_components_get_tighter_relative_tolerance_floored_by_the_scale()
    {
        var plan = DispensePlanner.Plan(Example("silsesquioxane-negative/ok-bilayer-ebeam.yaml"), Station("ds-01"));
        var resin = plan.Doses.Single(d => d.Material.Id == "ssq-hpe-ph-7030");
        var pag = plan.Doses.Single(d => d.Material.Id == "tps-tf");
        Assert.False(resin.Minor);
        Assert.True(pag.Minor);
        Assert.Equal(0.5, resin.TolerancePercent, 9);
        Assert.Equal(0.2, pag.TolerancePercent, 9);
        Assert.Equal(resin.TargetGrams * 0.005, resin.ToleranceGrams, 12);

        // A 0.3 g quencher dose cannot be held to 0.2 % (0.0006 g) on a 0.001 g scale: floored at 3 counts, with a warning.
        var small = RecipeParser.Parse(RecipeYaml("silsesquioxane-negative", "ssq-hpe-ph-7030=100; tps-tf=3; tmgu=10; toa=0.3", batchGrams: 15), "small.yaml", ShippedCatalog);
        // Ratio-accuracy refusals off: this checks the tolerance floor alone (DoseFeasibilityTests check the refusals).
        var smallPlan = DispensePlanner.Plan(small, Station("ds-01"), new DispenseOptions { RatioAccuracy = new Dictionary<MaterialRole, double>() });
        var toa = smallPlan.Doses.Single(d => d.Material.Id == "toa");
        Assert.Equal(0.003, toa.ToleranceGrams, 12);
        Assert.Contains(smallPlan.Warnings, w => w.Contains("'toa'") && w.Contains("scale resolution"));
    }

    [Fact]
    public void Non_compliant_recipe_is_not_planned_unless_allowed()
    {
        var recipe = RecipeParser.Parse(RecipeYaml("silsesquioxane-negative", "ssq-hpe-ph-7030=100; tps-tf=3"), "nc.yaml", ShippedCatalog);
        var e = Assert.Single(ErrorsOf(() => DispensePlanner.Plan(recipe, Station("ds-01"))));
        Assert.Equal(("nc.yaml", "claimSet"), (e.File, e.Field));
        Assert.Contains("violated: 1", e.Message);
        Assert.NotNull(DispensePlanner.Plan(recipe, Station("ds-01"), new DispenseOptions { AllowNonCompliant = true }));
    }

    [Fact]
    public void Material_not_on_the_station_names_recipe_line()
    {
        var recipe = Example("dual-crosslinker-negative/ok-biphenol-melamine.yaml");
        var errors = ErrorsOf(() => DispensePlanner.Plan(recipe, Station("ds-01")));
        var e = Assert.Single(errors, x => x.Field == "components[phs-st-8515]");
        Assert.Equal(6, e.Line);
        Assert.Contains("not loaded on any channel of station ds-01", e.Message);
    }

    [Fact]
    public void Bottle_and_scale_capacity_are_checked()
    {
        var yaml = RecipeYaml("ebeam-negative", "phs-8k=100; tps-tf=5; hmmm=12; dpha=8", "e-beam 100", batchGrams: 1000, solidsWtPercent: 6);
        var errors = ErrorsOf(() => DispensePlanner.Plan(RecipeParser.Parse(yaml, "big.yaml", ShippedCatalog), Station("ds-03")));
        Assert.Contains(errors, e => e.Field == "batchGrams" && e.Line == 3 && e.Message.Contains("the bottle on ds-03 holds 250 mL, 225 mL at 90 % fill"));
        Assert.Contains(errors, e => e.Field == "batchGrams" && e.Message.Contains("exceeds the 1020 g scale"));
    }

    [Fact]
    public void Dose_below_scale_resolution_is_rejected()
    {
        var yaml = RecipeYaml("silsesquioxane-negative", "ssq-hpe-ph-7030=100; tps-tf=3; tmgu=10; toa=0.001", batchGrams: 1);
        var errors = ErrorsOf(() => DispensePlanner.Plan(RecipeParser.Parse(yaml, "tiny.yaml", ShippedCatalog), Station("ds-01")));
        Assert.Contains(errors, e => e.Message.Contains("dose of 'toa'") && e.Message.Contains("below the 0.001 g scale resolution"));
    }

    [Fact]
    public void Stocks_too_dilute_for_the_solids_content_are_rejected()
    {
        // A 25 % resin stock cannot make a 30 % solids resist.
        var yaml = RecipeYaml("dual-crosslinker-negative", "phs-st-8515=100; tmom-bp=8; hmmm=6; tps-nf=4", solidsWtPercent: 30);
        var errors = ErrorsOf(() => DispensePlanner.Plan(RecipeParser.Parse(yaml, "thick.yaml", ShippedCatalog), Station("ds-02")));
        var e = Assert.Single(errors, x => x.Field == "solvents[pgmea]");
        Assert.Contains("stocks bring", e.Message);
    }

    [Fact]
    public void Stock_solvent_must_be_a_recipe_solvent()
    {
        var yaml = RecipeYaml("silsesquioxane-negative", "ssq-hpe-ph-7030=100; tps-tf=3; tmgu=10", solvents: "cyclohexanone");
        var errors = ErrorsOf(() => DispensePlanner.Plan(RecipeParser.Parse(yaml, "cy.yaml", ShippedCatalog), Station("ds-01")));
        Assert.Contains(errors, e => e.File == "ds-01.yaml" && e.Field == "channels[2]" && e.Message.Contains("dissolved in 'pgmea'"));
    }

    [Theory]
    [InlineData("{ channel: 4, stock: tps-tf-5pgmea }", "{ channel: 4, stock: tps-tf-50pgmea }", "channels[3].stock", "unknown stock solution")]
    [InlineData("{ channel: 4, stock: tps-tf-5pgmea }", "{ channel: 2, stock: tps-tf-5pgmea }", "channels[3].channel", "channel 2 is defined twice")]
    [InlineData("{ channel: 4, stock: tps-tf-5pgmea }", "{ channel: 9, stock: tps-tf-5pgmea }", "channels[3].channel", "outside the allowed range")]
    [InlineData("{ channel: 1, material: pgmea }", "{ channel: 1, material: pgmea, solidsWtPercent: 5 }", "channels[0].solidsWtPercent", "neat material")]
    [InlineData("{ channel: 5, stock: tmgu-20pgmea }", "{ channel: 5, material: ssq-hpe-ph-7030 }", "channels[4]", "already on channel 2")]
    [InlineData("{ channel: 5, stock: tmgu-20pgmea }", "{ channel: 5, stock: tmgu-20pgmea, material: tmgu }", "channels[4]", "exactly one of")]
    public void Bad_channel_maps_are_rejected(string from, string to, string field, string message)
    {
        var text = File.ReadAllText(Path.Combine(DataDir, "stations", "ds-01.yaml"));
        Assert.Contains(from, text);
        var errors = ErrorsOf(() => ChannelMap.Parse(text.Replace(from, to), "ds-01.yaml", ShippedCatalog));
        var e = Single(errors, field);
        Assert.Contains(message, e.Message);
        Assert.True(e.Line > 1);
    }
}
