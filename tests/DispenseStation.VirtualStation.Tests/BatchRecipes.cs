using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.VirtualStation.Tests;

/// <summary>The reference 100 g negative-resist batch: tare, five doses, settle, and a two-step
/// bake (post-apply 100 °C 60 s, post-exposure 110 °C 60 s). Channels follow the default map
/// (resin, solvent, crosslinker, pag, quencher, surfactant).</summary>
public static class BatchRecipes
{
    public static ControlRecipe HundredGramsWithTwoStepBake(string batchId) => new()
    {
        BatchId = batchId,
        RecipeName = "NR-A 100 g",
        MaxBottleGrams = 250,
        Steps =
        [
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare bottle", TimeoutS = 30 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "resin", Channel = 0, TargetGrams = 40.0, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "solvent", Channel = 1, TargetGrams = 54.92, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "crosslinker", Channel = 2, TargetGrams = 3.0, ToleranceGrams = 0.01, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "pag", Channel = 3, TargetGrams = 2.0, ToleranceGrams = 0.01, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "quencher", Channel = 4, TargetGrams = 0.08, ToleranceGrams = 0.005, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.WaitStable, Name = "settle", TimeoutS = 60, DurationS = 2 },
            new RecipeStep
            {
                Kind = StepKinds.Bake, Name = "PAB + PEB",
                Bake = [new BakeSegment(100, 0, 60, 0.5), new BakeSegment(110, 0, 60, 0.5)],
            },
        ],
    };

    public static byte[] StartPayload(string commandId, ControlRecipe recipe)
    {
        var w = new JsonWriter(16384);
        int n = new CommandMessage { Id = commandId, Name = CommandNames.Start, Recipe = recipe }.WriteTo(w);
        return w.Buffer.AsSpan(0, n).ToArray();
    }

    public static byte[] CommandPayload(string commandId, int stepIndex = -1)
    {
        var w = new JsonWriter(256);
        int n = new CommandMessage { Id = commandId, StepIndex = stepIndex }.WriteTo(w);
        return w.Buffer.AsSpan(0, n).ToArray();
    }
}
