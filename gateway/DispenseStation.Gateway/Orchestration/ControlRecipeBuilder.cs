using DispenseStation.Composition.Recipes;
using DispenseStation.Composition.Planning;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>
/// Turns a dispense plan into the control recipe a station runs: tare, one dose per planned dose (in plan order),
/// settle, mix. No bake steps: bakes are bake jobs (wafer by wafer), named by the recipe's bake profiles.
/// Plan channels are numbered 1..8 like the channel map; the wire uses 0..7.
/// </summary>
public static class ControlRecipeBuilder
{
    /// <summary>Dose timeout: a fixed allowance plus the time at the slowest flow a healthy pump delivers.</summary>
    public const double DoseTimeoutBaseS = 120;
    public const double SlowestFlowGramsPerS = 0.5;
    public const double SettleTimeoutS = 60;
    public const double MixS = 30;
    /// <summary>Headroom over the planned doses before the station calls it an overfill.</summary>
    public const double OverfillMarginGrams = 1;

    public static (ControlRecipe Recipe, IReadOnlyList<PlannedStep> Steps) Build(string batchId, DispensePlan plan)
    {
        var steps = new List<RecipeStep>();
        var planned = new List<PlannedStep>();

        void Add(RecipeStep s, PlannedStep p)
        {
            steps.Add(s);
            planned.Add(p with { Index = steps.Count - 1 });
        }

        Add(new RecipeStep { Kind = StepKinds.Tare, Name = "tare bottle", TimeoutS = SettleTimeoutS },
            new PlannedStep(0, StepKinds.Tare, "tare bottle", null, null, null, null, null, null, null, null, null));

        foreach (var d in plan.Doses.OrderBy(d => d.Order))
        {
            var name = $"dose {d.Material.Id}";
            var wire = d.Channel - 1;
            Add(new RecipeStep
            {
                Kind = StepKinds.Dose, Name = name, Channel = wire,
                TargetGrams = d.SetpointGrams, ToleranceGrams = d.ToleranceGrams,
                TimeoutS = Math.Ceiling(DoseTimeoutBaseS + d.SetpointGrams / SlowestFlowGramsPerS),
            }, new PlannedStep(0, StepKinds.Dose, name, wire, d.Channel, d.Material.Id, d.SetpointGrams, d.ToleranceGrams, null, null, null, null));
        }

        Add(new RecipeStep { Kind = StepKinds.WaitStable, Name = "settle", TimeoutS = SettleTimeoutS },
            new PlannedStep(0, StepKinds.WaitStable, "settle", null, null, null, null, null, null, null, null, null));
        Add(new RecipeStep { Kind = StepKinds.Mix, Name = "mix", DurationS = MixS },
            new PlannedStep(0, StepKinds.Mix, "mix", null, null, null, null, null, null, null, MixS, null));

        var recipe = new ControlRecipe
        {
            BatchId = batchId,
            RecipeName = Truncate(plan.RecipeName, Limits.MaxNameLength),
            MaxBottleGrams = Math.Ceiling(plan.Doses.Sum(d => d.SetpointGrams + d.ToleranceGrams) + OverfillMarginGrams),
            Steps = steps.ToArray(),
        };
        return (recipe, planned);
    }

    /// <summary>
    /// The steps of a batch stored before bake jobs: its planned dispense steps followed by the bake steps its recipe
    /// then carried, numbered as that station ran them (one bake step per segment after mix), so the record's bake
    /// trace still lands on its step. A recipe without legacy bake steps gets its steps back unchanged.
    /// </summary>
    public static IReadOnlyList<PlannedStep> WithLegacyBakeSteps(IReadOnlyList<PlannedStep> steps, IReadOnlyList<BakeStep> legacy)
    {
        if (legacy.Count == 0) return steps;
        var all = steps.ToList();
        foreach (var b in legacy)
            all.Add(new PlannedStep(all.Count, StepKinds.Bake, b.Name, null, null, null, null, null, b.SetpointC, b.RampCPerMin, b.HoldS, b.BandC));
        return all;
    }

    /// <summary>
    /// Refuses (400, field <c>recipe</c>) a control recipe a station would refuse, checked before anything is stored or sent:
    /// its station frame (the bytes of <see cref="ControlRecipe.WriteTo"/> the station stores for reboot recovery) over
    /// <see cref="Limits.MaxRecipeBytes"/>, or any rule of the station's own reader on those bytes (a step name over
    /// <see cref="Limits.MaxNameLength"/> characters from a long material id, ...). Returns the encoded length.
    /// </summary>
    public static int CheckStationAccepts(ControlRecipe recipe)
    {
        var frame = new JsonWriter(Limits.MaxCommandBytes);
        int bytes = recipe.EncodedLength(frame);
        if (bytes < 0 || bytes > Limits.MaxRecipeBytes)
            throw RequestRejectedException.BadRequest("recipe",
                $"the control recipe's station frame is {(bytes < 0 ? $"over {Limits.MaxCommandBytes}" : bytes.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes; "
                + $"a station stores at most {Limits.MaxRecipeBytes} (Limits.MaxRecipeBytes): fewer doses or shorter material and recipe names");
        if (!ControlRecipe.TryParse(frame.Buffer, 0, bytes, out _, out var error))
            throw RequestRejectedException.BadRequest("recipe", $"a station would refuse the control recipe: {error}");
        return bytes;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
