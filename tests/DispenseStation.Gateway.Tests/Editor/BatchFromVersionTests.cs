using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Editor;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Editor;

/// <summary>
/// A technician runs a saved recipe version on a station: the batch runs the stored text and its record names recipe id,
/// version and hash. Drafts, unknown versions and a version without an id are refused with the field and the rule.
/// </summary>
public sealed class BatchFromVersionTests : IAsyncLifetime
{
    private const string Id = "silsesquioxane-negative/ok-terpolymer-magnetic-head";
    private AppHarness _h = null!;
    private HttpClient _engineer = null!, _technician = null!;
    private string _shipped = "";

    public async Task InitializeAsync()
    {
        _h = await AppHarness.StartAsync();
        _engineer = await _h.ClientAsAsync("eva", GatewayRoles.Engineer);
        _technician = await _h.ClientAsAsync("tomas", GatewayRoles.Technician);
        _shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "recipes", Id + ".yaml"));
        await _h.ConnectStationAsync("ds-01");
    }

    public async Task DisposeAsync()
    {
        _engineer.Dispose();
        _technician.Dispose();
        await _h.DisposeAsync();
    }

    private static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, AppHarness.Json);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task SaveAsync(string yaml, bool draft = false)
    {
        var (s, b) = await PostAsync(_engineer, $"/api/recipe-versions/{Id}", new { yaml, note = "for the run test", draft });
        Assert.True(s == 201, b.ToString());
    }

    [Fact]
    public async Task A_technician_runs_a_saved_version_and_the_batch_record_names_id_version_and_hash()
    {
        var v1 = _shipped.Replace("batchGrams: 150", "batchGrams: 120");
        var v2 = v1.Replace("{ material: hmmm, parts: 15 }", "{ material: hmmm, parts: 14 }");
        await SaveAsync(v1);
        await SaveAsync(v2);

        var (s, batch) = await PostAsync(_technician, "/api/batches", new { recipe = Id, recipeVersion = 2, station = "ds-01" });
        Assert.True(s == 201, batch.ToString());
        var id = batch.GetProperty("id").GetString()!;
        var detail = await _h.GetJsonAsync($"/api/batches/{id}");
        Assert.Equal(v2, detail.GetProperty("recipeYaml").GetString());
        Assert.Equal(120, detail.GetProperty("batch").GetProperty("batchGrams").GetDouble());
        var source = detail.GetProperty("recipeSource");
        Assert.Equal((Id, 2, ContentHash.Of(v2)), (source.GetProperty("recipeId").GetString(), source.GetProperty("version").GetInt32(), source.GetProperty("sha256").GetString()));
        await _h.WaitForBatchStateAsync(id, "Complete");

        // The dispatch entry of the audit log names the version too; who ran it is the signed-in technician.
        var dispatched = (await _h.GetJsonAsync("/api/audit?action=dispatched")).EnumerateArray().Last();
        Assert.Equal("tomas", dispatched.GetProperty("actor").GetString());
        var after = JsonDocument.Parse(dispatched.GetProperty("details").GetString()!).RootElement;
        Assert.Equal((Id, 2, ContentHash.Of(v2)), (after.GetProperty("recipeId").GetString(), after.GetProperty("recipeVersion").GetInt32(), after.GetProperty("recipeSha256").GetString()));
    }

    [Fact]
    public async Task A_shipped_recipe_run_by_id_is_recorded_as_version_0()
    {
        var (s, batch) = await PostAsync(_technician, "/api/batches", new { recipe = Id, station = "ds-01" });
        Assert.True(s == 201, batch.ToString());
        var source = (await _h.GetJsonAsync($"/api/batches/{batch.GetProperty("id").GetString()}")).GetProperty("recipeSource");
        Assert.Equal((0, ContentHash.Of(_shipped)), (source.GetProperty("version").GetInt32(), source.GetProperty("sha256").GetString()));
    }

    [Fact]
    public async Task Drafts_unknown_versions_and_versions_without_an_id_are_never_run()
    {
        await SaveAsync(_shipped.Replace("ssq-hpe-ph-mpe-652015", "ssq-hpe-ph-8020-hmw"), draft: true);
        var (saved, savedBody) = await PostAsync(_engineer, "/api/recipe-versions/pilot-line/ssq-a", new { yaml = _shipped, note = "our own copy" });
        Assert.True(saved == 201, savedBody.ToString());
        var cases = new (object Body, int Status, string Field, string Rule)[]
        {
            (new { recipe = Id, recipeVersion = 1, station = "ds-01" }, 409, "recipeVersion", $"version 1 of '{Id}' is a draft (NonCompliant with silsesquioxane-negative): drafts are never run"),
            (new { recipe = Id, recipeVersion = 5, station = "ds-01" }, 400, "recipeVersion", $"recipe '{Id}' has no saved version 5"),
            (new { recipe = Id, recipeVersion = -1, station = "ds-01" }, 400, "recipeVersion", "must be 0 (the shipped file) or a saved version, 1 or more (got -1)"),
            (new { recipeYaml = _shipped, recipeVersion = 1, station = "ds-01" }, 400, "recipeVersion", "goes with 'recipe' (the recipe id), not with inline 'recipeYaml'"),
            (new { recipe = "pilot-line/ssq-a", station = "ds-01" }, 400, "recipeVersion", "required: 'pilot-line/ssq-a' has no shipped file; run one of its saved versions (1)"),
        };
        foreach (var (body, status, field, rule) in cases)
        {
            var (s, b) = await PostAsync(_technician, "/api/batches", body);
            Assert.True(s == status, $"{JsonSerializer.Serialize(body)}: {s} {b}");
            Assert.Contains(JsonAssert.Errors(b), e => e.Field == field && e.Rule == rule);
        }
        Assert.Empty((await _h.GetJsonAsync("/api/batches")).EnumerateArray());
    }
}
