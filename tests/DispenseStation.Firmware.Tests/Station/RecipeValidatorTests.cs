using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Station.Recipe;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Tests.Station;

public class RecipeValidatorTests
{
    private static readonly StationConfig Limits = new() { StationId = "st-1", ChannelCount = 6, MaxPlateC = 180, MaxSteps = 32, MaxBakeSegments = 8 };

    [Fact]
    public void The_sample_recipe_is_accepted() =>
        Assert.Null(RecipeValidator.Check(StationHarness.SampleRecipe(), Limits));

    public static TheoryData<string, Action<ControlRecipe>, string> Violations() => new()
    {
        { "no batch id", r => r.BatchId = "", "batchId: required" },
        { "bottle NaN", r => r.MaxBottleGrams = double.NaN, "maxBottleGrams: must be a positive number" },
        { "no steps", r => r.Steps = [], "steps: at least one step is required" },
        { "too many steps", r => r.Steps = Enumerable.Range(0, 33).Select(_ => new RecipeStep { Kind = StepKinds.Tare }).ToArray(), "steps: 33 steps exceed the station limit of 32" },
        { "unknown kind", r => r.Steps[0].Kind = "shake", "steps[0].kind: unknown step kind 'shake'" },
        { "negative timeout", r => r.Steps[0].TimeoutS = -1, "steps[0].timeoutS: must be 0..14400.000 s" },
        { "negative channel", r => r.Steps[1].Channel = -1, "steps[1].channel: -1 is not fitted (station has channels 0..5)" },
        { "target NaN", r => r.Steps[1].TargetGrams = double.NaN, "steps[1].targetGrams: must be a positive number" },
        { "tolerance above target", r => r.Steps[2].ToleranceGrams = 5, "steps[2].toleranceGrams: must be smaller than targetGrams" },
        { "dose without timeout", r => r.Steps[1].TimeoutS = double.NaN, "steps[1].timeoutS: a dose needs a timeout > 0" },
        { "doses overfill the bottle", r => r.MaxBottleGrams = 44, "steps[2].targetGrams: doses up to here reach 44.560 g, over maxBottleGrams 44.000 g" },
        { "mix without time", r => r.Steps[4].DurationS = double.NaN, "steps[4].durationS: must be in (0, 14400.000] s" },
        { "prompt without text", r => r.Steps[5].PromptText = "", "steps[5].promptText: required for a prompt" },
        { "bake without segments", r => r.Steps[6].Bake = [], "steps[6].bake: at least one segment is required" },
        { "hold without band", r => r.Steps[6].Bake[0].BandC = double.NaN, "steps[6].bake[0].bandC: a hold needs a band > 0" },
        { "negative ramp", r => r.Steps[6].Bake[1].RampCPerMin = -5, "steps[6].bake[1].rampCPerMin: must be >= 0" },
        { "too many segments", r => r.Steps[6].Bake = Enumerable.Range(0, 9).Select(_ => new BakeSegment(90, 0, 10, 1)).ToArray(), "steps[6].bake: 9 segments exceed the station limit of 8" },
        { "hold too long", r => r.Steps[6].Bake[0].HoldS = 20000, "steps[6].bake[0].holdS: must be 0..14400.000 s" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_violation_is_named_with_its_field_and_rule(string why, Action<ControlRecipe> spoil, string expected)
    {
        var recipe = StationHarness.SampleRecipe();
        spoil(recipe);
        Assert.True(RecipeValidator.Check(recipe, Limits) == expected, why + ": " + RecipeValidator.Check(recipe, Limits));
    }

    [Fact]
    public void Station_config_is_validated_field_by_field()
    {
        Assert.Null(new StationConfig().Validate());
        Assert.StartsWith("stationId:", new StationConfig { StationId = "Bad Id" }.Validate());
        Assert.Equal("channelCount: must be 1..8", new StationConfig { ChannelCount = 9 }.Validate());
        Assert.Equal("telemetryPeriodMs: must be 20..60000", new StationConfig { TelemetryPeriodMs = 5 }.Validate());
        Assert.Throws<ArgumentException>(() => new StationHarness(new StationConfig { StationId = "st-1", OutboxCapacity = 1 }));
    }
}
