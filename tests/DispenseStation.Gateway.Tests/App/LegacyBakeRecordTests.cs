using DispenseStation.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>
/// Dispense recipes lost their bake steps to bake jobs. A batch stored before that keeps its recipe text, bake list and
/// all (records are never rewritten); the gateway reads it as history: the dose steps planned again, then the bake
/// steps the station ran, numbered as it ran them. A new batch of the same recipe text is refused.
/// </summary>
public sealed class LegacyBakeRecordTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string OldRecipeText() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "recipes", "silsesquioxane-negative", "ok-terpolymer-magnetic-head.yaml"))
            .Replace("bakeProfiles: { postApply: pab-100, postExposure: peb-110 }", """
                bake:
                  - { name: post-apply bake, setpointC: 100, rampCPerMin: 60, holdS: 60, bandC: 0.5 }
                  - { name: post-exposure bake, setpointC: 110, rampCPerMin: 60, holdS: 60, bandC: 0.2 }
                """);

    [Fact]
    public async Task A_batch_stored_with_bake_steps_shows_them_after_its_dispense_steps()
    {
        var repo = _h.Gateway.App.Services.GetRequiredService<IGatewayRepository>();
        var at = DateTimeOffset.UtcNow.AddDays(-30);
        await repo.UpsertStationAsync("ds-01", "1.0", at, CancellationToken.None);
        await repo.CreateBatchAsync(new BatchRecord("b-20250101-000000-abcdef", "ds-01", "SSQ-N1", OldRecipeText(), 120, "ana",
            new Dictionary<string, string>(), BatchState.Created, null, at, null, null), CancellationToken.None);
        await repo.UpdateBatchStateAsync("b-20250101-000000-abcdef", BatchState.Complete, at.AddMinutes(20), null, CancellationToken.None);

        var steps = (await _h.GetJsonAsync("/api/batches/b-20250101-000000-abcdef")).GetProperty("steps").EnumerateArray().ToList();
        var kinds = steps.Select(s => s.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["mix", "bake", "bake"], kinds[^3..]);
        Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.GetProperty("index").GetInt32()));
        Assert.Equal([100.0, 110.0], steps.Where(s => s.GetProperty("kind").GetString() == "bake").Select(s => s.GetProperty("setpointC").GetDouble()));
    }

    [Fact]
    public async Task The_same_text_for_a_new_batch_is_refused_pointing_to_bake_profiles()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var (status, body) = await _h.PostAsync("/api/batches", new { recipeYaml = OldRecipeText(), station = "ds-01", @operator = "ana" });
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "bake" && e.Rule.Contains("bakeProfiles"));
        Assert.Empty(station.CommandsSeen);
    }
}
