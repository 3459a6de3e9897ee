using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Planning;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace DispenseStation.Gateway.Tests.Orchestration;

/// <summary>
/// The station keeps a start's control recipe, as it re-encodes it, in a durable-record frame of
/// <see cref="Limits.MaxRecipeBytes"/>: the gateway measures the largest recipe it can build against that limit,
/// and refuses a bigger one before storing or sending anything, at exactly the limit and one byte over.
/// </summary>
public class ControlRecipeSizeTests(ITestOutputHelper output)
{
    /// <summary>The batch id SubmitAsync generates: b-yyyyMMdd-HHmmss-xxxxxx.</summary>
    private const string BatchId = "b-20261203-061737-a1b2c3";

    [Theory]
    [InlineData('m', 2 * Limits.MaxRecipeBytes / 3)]      // ASCII names, as the example catalog's ids: a third of the frame spare
    [InlineData('\u6c34', 9 * Limits.MaxRecipeBytes / 10)] // every name character 3 bytes of UTF-8 (the most one UTF-16 character takes): a tenth spare
    public void The_largest_recipe_the_gateway_builds_fits_the_limit_with_a_margin(char letter, int atMost)
    {
        // One dose per material, one material per channel (ChannelMap), 8 channels: tare, 8 doses, settle, mix. Each step
        // name "dose {id}" at the 64 characters the station parses, the recipe name truncated to 64, every number at its
        // longest within the station's limits (maxBottleGrams <= 100000 g).
        string Name(int n) => new string(letter, n);
        var doses = Enumerable.Range(1, ChannelMap.MaxChannels).Select(ch => new Dose(ch, ch, Material(Name(Limits.MaxNameLength - "dose ".Length - 1) + ch),
            null, 12345.6789, 12345.6789, 0, 12345.6789, null, 123.4567, 1, false)).ToList();
        var plan = new DispensePlan(Name(200), "cs", "st-1", 98765.4312, 0, doses, new Composition.Recipes.ProcessBakes(null, null, 0), 1, []);

        var (recipe, steps) = ControlRecipeBuilder.Build(BatchId, plan);
        Assert.Equal(ChannelMap.MaxChannels + 3, steps.Count);
        int bytes = ControlRecipeBuilder.CheckStationAccepts(recipe);
        output.WriteLine($"largest gateway recipe, names of '{letter}' ({System.Text.Encoding.UTF8.GetByteCount(letter.ToString())} B each): "
            + $"{bytes} B of the {Limits.MaxRecipeBytes} B limit ({100.0 * bytes / Limits.MaxRecipeBytes:F0} %)");

        // The station parses it (same rules: names within 64 characters, numbers within range) and stores what it
        // re-encodes: the same bytes.
        var w = new JsonWriter(Limits.MaxCommandBytes);
        recipe.WriteTo(w);
        Assert.True(ControlRecipe.TryParse(w.Buffer, 0, w.Length, out var parsed, out var error), error);
        Assert.Equal(bytes, parsed!.EncodedLength(new JsonWriter(Limits.MaxCommandBytes)));
        Assert.InRange(bytes, 1, atMost);
    }

    [Fact]
    public void A_recipe_at_exactly_the_limit_passes_and_one_byte_over_is_refused_naming_the_field_and_the_rule()
    {
        Assert.Equal(Limits.MaxRecipeBytes, ControlRecipeBuilder.CheckStationAccepts(RecipeOf(Limits.MaxRecipeBytes)));

        var e = Assert.Throws<RequestRejectedException>(() => ControlRecipeBuilder.CheckStationAccepts(RecipeOf(Limits.MaxRecipeBytes + 1)));
        Assert.Equal(400, e.Status);
        var only = Assert.Single(e.Errors);
        Assert.Equal("recipe", only.Field);
        Assert.Equal($"the control recipe's station frame is {Limits.MaxRecipeBytes + 1} bytes; a station stores at most {Limits.MaxRecipeBytes} "
            + "(Limits.MaxRecipeBytes): fewer doses or shorter material and recipe names", only.Rule);
    }

    [Fact]
    public void A_material_id_too_long_for_the_stations_step_name_is_refused_before_sending_naming_the_rule()
    {
        // "dose {id}" is the step name; the station reads names of at most 64 characters: an id of 59 fits, 60 does not.
        ControlRecipe WithId(int length)
        {
            var doses = new List<Dose> { new(1, 1, Material(new string('m', length)), null, 10, 10, 0, 10, null, 0.05, 1, false) };
            var plan = new DispensePlan("r", "cs", "st-1", 10, 0, doses, new Composition.Recipes.ProcessBakes(null, null, 0), 1, []);
            return ControlRecipeBuilder.Build(BatchId, plan).Recipe;
        }

        ControlRecipeBuilder.CheckStationAccepts(WithId(Limits.MaxNameLength - "dose ".Length));
        var e = Assert.Throws<RequestRejectedException>(() => ControlRecipeBuilder.CheckStationAccepts(WithId(Limits.MaxNameLength - "dose ".Length + 1)));
        Assert.Equal(400, e.Status);
        var only = Assert.Single(e.Errors);
        Assert.Equal("recipe", only.Field);
        Assert.StartsWith("a station would refuse the control recipe: steps", only.Rule);
        Assert.Contains("64", only.Rule);
    }

    [Fact]
    public async Task The_command_sender_refuses_an_oversize_recipe_before_publishing()
    {
        // A client that was never started: a publish is attempted and fails as "link down" (503), so a 400
        // proves the refusal came before the publish.
        var opts = Options.Create(new GatewayOptions());
        using var mqtt = new GatewayMqttClient(opts, new GatewayCredentials(opts), NullLogger<GatewayMqttClient>.Instance);
        var sender = new CommandSender(mqtt, Options.Create(new OrchestrationOptions()), NullLogger<CommandSender>.Instance);

        var atLimit = await Assert.ThrowsAsync<RequestRejectedException>(() => sender.SendAsync("st-1", CommandNames.Start, RecipeOf(Limits.MaxRecipeBytes)));
        Assert.Equal(503, atLimit.Status);

        var over = await Assert.ThrowsAsync<RequestRejectedException>(() => sender.SendAsync("st-1", CommandNames.Start, RecipeOf(Limits.MaxRecipeBytes + 1)));
        Assert.Equal(400, over.Status);
        Assert.Equal("recipe", Assert.Single(over.Errors).Field);
    }

    /// <summary>A recipe the station accepts (tare, 1 g doses on channels 0-3, settle) whose encoded length is exactly
    /// <paramref name="bytes"/>: ASCII step names lengthened one byte at a time.</summary>
    internal static ControlRecipe RecipeOf(int bytes)
    {
        var steps = new List<RecipeStep> { new() { Kind = StepKinds.Tare, Name = "tare", TimeoutS = 60 } };
        for (int i = 0; i < 24; i++)
            steps.Add(new RecipeStep { Kind = StepKinds.Dose, Name = "d", Channel = i % 4, TargetGrams = 1, ToleranceGrams = 0.05, TimeoutS = 120 });
        steps.Add(new RecipeStep { Kind = StepKinds.WaitStable, Name = "settle", TimeoutS = 60 });
        var recipe = new ControlRecipe { BatchId = BatchId, RecipeName = "size", MaxBottleGrams = 100, Steps = steps.ToArray() };
        var scratch = new JsonWriter(Limits.MaxCommandBytes);
        int length = recipe.EncodedLength(scratch);
        for (int i = 1; length < bytes; i = i % 24 + 1)
        {
            if (recipe.Steps[i].Name.Length == Limits.MaxNameLength) throw new InvalidOperationException($"cannot reach {bytes} B");
            recipe.Steps[i].Name += "x";
            length = recipe.EncodedLength(scratch);
        }
        Assert.Equal(bytes, length);
        return recipe;
    }

    private static Material Material(string id) => new(id, id, MaterialRole.Resin, null, 1, false, false, null, null, null, "catalog.yaml", 1);
}
