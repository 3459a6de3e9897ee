using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Protocol.Tests;

/// <summary>A realistic control recipe: tare, three doses, settle, mix, prompt, two bakes with a cool-down.</summary>
internal static class Recipes
{
    public static ControlRecipe Sample() => new()
    {
        BatchId = "B-2026-11-25-001",
        RecipeName = "NR-claimset-A ex.1",
        MaxBottleGrams = 250,
        Steps = new[]
        {
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare bottle", TimeoutS = 10 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "resin solution", Channel = 0, TargetGrams = 80.5, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "PAG solution", Channel = 1, TargetGrams = 4.1234, ToleranceGrams = 0.002, TimeoutS = 120 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "PGMEA", Channel = 5, TargetGrams = 100, ToleranceGrams = 0.1, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.WaitStable, Name = "settle", TimeoutS = 30, DurationS = 2 },
            new RecipeStep { Kind = StepKinds.Mix, Name = "roll", DurationS = 600 },
            new RecipeStep { Kind = StepKinds.Prompt, Name = "load wafer", PromptText = "Coat a wafer, place it on the plate, then confirm." },
            new RecipeStep
            {
                Kind = StepKinds.Bake, Name = "PAB + PEB",
                Bake = new[] { new BakeSegment(100, 0, 60, 0.5), new BakeSegment(110, 20, 60, 0.3), new BakeSegment(25, 0, 0, 5) },
            },
        },
    };

    public static void AssertEqual(ControlRecipe expected, ControlRecipe actual)
    {
        Assert.Equal(expected.BatchId, actual.BatchId);
        Assert.Equal(expected.RecipeName, actual.RecipeName);
        Assert.Equal(expected.MaxBottleGrams, actual.MaxBottleGrams);
        Assert.Equal(expected.Steps.Length, actual.Steps.Length);
        for (int i = 0; i < expected.Steps.Length; i++)
        {
            RecipeStep e = expected.Steps[i], a = actual.Steps[i];
            Assert.Equal(e.Kind, a.Kind);
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.Channel, a.Channel);
            Assert.Equal(e.TargetGrams, a.TargetGrams);
            Assert.Equal(e.ToleranceGrams, a.ToleranceGrams);
            Assert.Equal(e.TimeoutS, a.TimeoutS);
            Assert.Equal(e.DurationS, a.DurationS);
            Assert.Equal(e.PromptText, a.PromptText);
            Assert.Equal(e.Bake?.Length, a.Bake?.Length);
            for (int j = 0; j < (e.Bake?.Length ?? 0); j++)
            {
                Assert.Equal(e.Bake![j].SetpointC, a.Bake![j].SetpointC);
                Assert.Equal(e.Bake[j].RampCPerMin, a.Bake[j].RampCPerMin);
                Assert.Equal(e.Bake[j].HoldS, a.Bake[j].HoldS);
                Assert.Equal(e.Bake[j].BandC, a.Bake[j].BandC);
            }
        }
    }
}
