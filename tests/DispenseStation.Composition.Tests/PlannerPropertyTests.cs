using System.Globalization;
using System.Text;
using CsCheck;
using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning;
using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Tests;

/// <summary>
/// Random catalogs, stations and recipes, written as YAML and run through the real parsers and planner: mass balance,
/// stock dilution and rounding must hold for every one, and infeasible ones must fail for the stated reason.
/// </summary>
public class PlannerPropertyTests
{
    /// <summary>One random batch: solids (parts, stock concentration or neat, solvent index, density) and solvents (parts).</summary>
    public sealed record Case(
        (double Parts, double? StockPercent, int SolventIndex, double Density)[] Solids,
        double[] SolventParts,
        double SolidsPercent,
        double BatchGrams,
        double Resolution)
    {
        public override string ToString() =>
            $"batch {BatchGrams} g (scale step {Resolution} g) at {SolidsPercent} %; solids [{string.Join(", ", Solids.Select(s => $"{s.Parts}p @{s.StockPercent?.ToString() ?? "neat"} in s{s.SolventIndex}"))}]; solvents [{string.Join(", ", SolventParts)}]";
    }

    private static readonly Gen<Case> Cases =
        from solventCount in Gen.Int[1, 3]
        from solids in Gen.Select(
                Gen.Double[0.01, 100],
                Gen.Bool.SelectMany(neat => neat ? Gen.Const((double?)null) : Gen.Double[0.5, 60].Select(d => (double?)d)),
                Gen.Int[0, 2],
                Gen.Double[0.8, 2.0])
            .Array[1, 5]
        from solventParts in Gen.Double[0.1, 10].Array[solventCount]
        from solidsPercent in Gen.Double[0.5, 40]
        from batch in Gen.Double[5, 1000]
        from resolution in Gen.OneOfConst(0.0001, 0.001, 0.01)
        select new Case(
            solids.Select(s => (s.Item1, s.Item2, s.Item3 % solventCount, s.Item4)).ToArray(),
            solventParts, solidsPercent, batch, resolution);

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes the case as catalog, station and recipe YAML and parses them with the production parsers.</summary>
    private static (Recipe Recipe, ChannelMap Map) Build(Case c)
    {
        var catalog = new StringBuilder("materials:\n");
        for (var j = 0; j < c.SolventParts.Length; j++)
            catalog.Append($"  - {{ id: s{j}, name: solvent {j}, role: solvent, molecularWeight: 100, density: {F(0.8 + 0.1 * j)} }}\n");
        for (var i = 0; i < c.Solids.Length; i++)
            catalog.Append($"  - {{ id: m{i}, name: solid {i}, role: other, density: {F(c.Solids[i].Density)} }}\n");
        catalog.Append("stocks:\n");
        for (var i = 0; i < c.Solids.Length; i++)
            if (c.Solids[i].StockPercent is { } p)
                catalog.Append($"  - {{ id: m{i}-stock, material: m{i}, solidsWtPercent: {F(p)}, solvent: s{c.Solids[i].SolventIndex} }}\n");
        var parsedCatalog = MaterialCatalog.Parse(catalog.ToString(), "random-catalog.yaml");

        var station = new StringBuilder($"station: prop\nbottle: {{ capacityMl: 20000 }}\nscale: {{ capacityGrams: 100000, resolutionGrams: {F(c.Resolution)} }}\nchannels:\n");
        var channel = 1;
        for (var i = 0; i < c.Solids.Length; i++)
            station.Append(c.Solids[i].StockPercent is null
                ? $"  - {{ channel: {channel++}, material: m{i} }}\n"
                : $"  - {{ channel: {channel++}, stock: m{i}-stock }}\n");
        for (var j = 0; j < c.SolventParts.Length; j++)
            station.Append($"  - {{ channel: {channel++}, material: s{j} }}\n");
        var map = ChannelMap.Parse(station.ToString(), "random-station.yaml", parsedCatalog);

        var recipe = new StringBuilder($"name: random\nclaimSet: silsesquioxane-negative\nbatchGrams: {F(c.BatchGrams)}\nsolidsWtPercent: {F(c.SolidsPercent)}\ncomponents:\n");
        for (var i = 0; i < c.Solids.Length; i++)
            recipe.Append($"  - {{ material: m{i}, parts: {F(c.Solids[i].Parts)} }}\n");
        recipe.Append("solvents:\n");
        for (var j = 0; j < c.SolventParts.Length; j++)
            recipe.Append($"  - {{ material: s{j}, parts: {F(c.SolventParts[j])} }}\n");
        return (RecipeParser.Parse(recipe.ToString(), "random-recipe.yaml", parsedCatalog), map);
    }

    private static readonly DispenseOptions AnyRecipe = new() { AllowNonCompliant = true };

    [Fact]
    public void Mass_balance_dilution_and_rounding_hold_for_random_batches()
    {
        int planned = 0, rejected = 0;
        Cases.Sample(c =>
        {
            var (recipe, map) = Build(c);
            var partsTotal = c.Solids.Sum(s => s.Parts);
            var solventTotal = c.SolventParts.Sum();
            var solids = c.BatchGrams * c.SolidsPercent / 100;

            // Independent expectation of what each solvent receives from stocks, to tell feasible from infeasible cases.
            var carried = new double[c.SolventParts.Length];
            foreach (var s in c.Solids)
                if (s.StockPercent is { } p)
                    carried[s.SolventIndex] += solids * s.Parts / partsTotal * (100 / p - 1);
            var needed = c.SolventParts.Select(p => (c.BatchGrams - solids) * p / solventTotal).ToArray();
            var tooDilute = needed.Select((n, j) => carried[j] - n > 1e-9 * c.BatchGrams).ToArray();

            DispensePlan plan;
            try
            {
                plan = DispensePlanner.Plan(recipe, map, AnyRecipe);
            }
            catch (CompositionException ex)
            {
                foreach (var e in ex.Errors)
                    Assert.True(e.Message.Contains("stocks bring") || e.Message.Contains($"below the {c.Resolution} g scale resolution"), e.ToString());
                Assert.Equal(tooDilute.Count(t => t), ex.Errors.Count(e => e.Message.Contains("stocks bring")));
                Interlocked.Increment(ref rejected);
                return;
            }
            Assert.DoesNotContain(true, tooDilute);

            // Mass balance: exact targets add up to the batch.
            Assert.True(Math.Abs(plan.TotalTargetGrams - c.BatchGrams) <= 1e-9 * c.BatchGrams, $"sum {plan.TotalTargetGrams} vs {c.BatchGrams}");
            for (var i = 0; i < c.Solids.Length; i++)
            {
                var dose = plan.Doses.Single(d => d.Material.Id == $"m{i}");
                var expectedSolids = solids * c.Solids[i].Parts / partsTotal;
                var concentration = (c.Solids[i].StockPercent ?? 100) / 100;
                Assert.True(Math.Abs(dose.SolidsGrams - expectedSolids) <= 1e-12 * c.BatchGrams);
                Assert.True(Math.Abs(dose.TargetGrams * concentration - expectedSolids) <= 1e-12 * c.BatchGrams, "dilution");
                Assert.True(Math.Abs(dose.SolidsGrams + dose.SolventGrams - dose.TargetGrams) <= 1e-12 * c.BatchGrams);
            }
            for (var j = 0; j < c.SolventParts.Length; j++)
            {
                var intoSolvent = plan.Doses.Where(d => d.Solvent?.Id == $"s{j}").Sum(d => d.SolventGrams);
                Assert.True(Math.Abs(intoSolvent - needed[j]) <= 1e-9 * c.BatchGrams, $"solvent s{j}: {intoSolvent} vs {needed[j]}");
            }
            // Rounding: each setpoint is a whole number of scale steps within half a step of the exact target.
            foreach (var d in plan.Doses)
            {
                var steps = d.SetpointGrams / c.Resolution;
                Assert.True(Math.Abs(steps - Math.Round(steps)) < 1e-6, $"{d.SetpointGrams} is not a multiple of {c.Resolution}");
                Assert.True(Math.Abs(d.SetpointGrams - d.TargetGrams) <= c.Resolution / 2 + 1e-9, $"{d.SetpointGrams} vs {d.TargetGrams}");
                Assert.True(d.ToleranceGrams >= 3 * c.Resolution - 1e-15 && d.ToleranceGrams >= 0.002 * d.TargetGrams - 1e-15);
            }
            Assert.True(Math.Abs(plan.TotalSetpointGrams - c.BatchGrams) <= plan.Doses.Count * c.Resolution / 2 + 1e-9);
            Interlocked.Increment(ref planned);
        }, iter: 300);
        // Both branches must really be exercised, and mostly the feasible one.
        Assert.True(planned > 150 && rejected > 5, $"planned {planned}, rejected {rejected}");
    }

    [Fact]
    public void Rounding_to_resolution_is_nearest_step()
    {
        Gen.Select(Gen.Double[0, 5000], Gen.OneOfConst(0.0001, 0.001, 0.005, 0.01, 0.1)).Sample((grams, resolution) =>
        {
            var rounded = DispensePlanner.RoundToResolution(grams, resolution);
            var steps = rounded / resolution;
            Assert.True(Math.Abs(steps - Math.Round(steps)) < 1e-6);
            // Half a step, plus the few ulps that multiplying back by a decimal step (not exact in binary) can add:
            // an exact midpoint such as 4206.59375 at 0.0001 g lands 5.6e-13 g beyond half a step.
            Assert.True(Math.Abs(rounded - grams) <= resolution / 2 + 4 * (Math.BitIncrement(grams) - grams));
        });
    }

    [Fact]
    public void Percent_of_solids_recipes_keep_their_fractions()
    {
        // wt% of solids that add up to 100 are used as written (fraction = wt% / 100).
        Gen.Double[1, 50].Array[2, 6].Sample(raw =>
        {
            var total = raw.Sum();
            var percents = raw.Select(r => Math.Round(r / total * 100, 6)).ToArray();
            percents[^1] = Math.Round(100 - percents[..^1].Sum(), 6);
            if (percents[^1] <= 0) return;
            var yaml = new StringBuilder("name: pct\nclaimSet: silsesquioxane-negative\nbatchGrams: 100\nsolidsWtPercent: 10\ncomponents:\n");
            var ids = new[] { "ssq-hpe-ph-7030", "tps-tf", "tmgu", "toa", "fc-4430", "hmmm" };
            for (var i = 0; i < percents.Length; i++)
                yaml.Append($"  - {{ material: {ids[i]}, wtPercentOfSolids: {F(percents[i])} }}\n");
            yaml.Append("solvents:\n  - { material: pgmea }\n");
            var recipe = RecipeParser.Parse(yaml.ToString(), "pct.yaml", Fixture.ShippedCatalog);
            for (var i = 0; i < percents.Length; i++)
                Assert.True(Math.Abs(percents[i] - recipe.Components[i].WtPercentOfSolids) <= 1e-9, $"{percents[i]} vs {recipe.Components[i].WtPercentOfSolids}");
        });
    }
}
