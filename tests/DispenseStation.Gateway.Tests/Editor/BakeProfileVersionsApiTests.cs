using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Editor;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Editor;

/// <summary>
/// Bake-profile versions in the editor: the shipped file is a read-only version marked shipped; an engineer's save is the
/// next version with note and hash, audited; the check without saving and the diff; other roles cannot save.
/// </summary>
public sealed class BakeProfileVersionsApiTests : IAsyncLifetime
{
    private AppHarness _h = null!;
    private HttpClient _engineer = null!;
    private string _shipped = "";

    public async Task InitializeAsync()
    {
        _h = await AppHarness.StartAsync();
        _engineer = await _h.ClientAsAsync("eva", GatewayRoles.Engineer);
        _shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "bake-profiles", "peb-110.yaml"));
    }

    public async Task DisposeAsync()
    {
        _engineer.Dispose();
        await _h.DisposeAsync();
    }

    private static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, AppHarness.Json);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_saved_profile_version_keeps_note_and_hash_is_audited_and_diffs_against_the_shipped_one()
    {
        var v2 = _shipped.Replace("holdS: 60", "holdS: 90");
        var (s, body) = await PostAsync(_engineer, "/api/bake-profiles", new { yaml = v2, note = "thicker film needs 90 s", baseVersion = 1 });
        Assert.True(s == 201, body.ToString());
        var versions = (await _h.GetJsonAsync("/api/bake-profiles/peb-110")).EnumerateArray().ToList();
        Assert.Equal([(true, "shipped file (read-only)"), (false, "thicker film needs 90 s")],
            versions.Select(v => (v.GetProperty("shipped").GetBoolean(), v.GetProperty("note").GetString())));
        Assert.Equal(("eva", ContentHash.Of(v2)), (versions[1].GetProperty("author").GetString(), versions[1].GetProperty("sha256").GetString()));

        var diff = await _h.GetJsonAsync("/api/bake-profiles/peb-110/diff?from=1&to=2");
        var changed = diff.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() != "same")
            .Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("text").GetString()!.Trim())).ToList();
        Assert.Equal([("removed", "- { setpointC: 110, holdS: 60, bandC: 0.3 }"), ("added", "- { setpointC: 110, holdS: 90, bandC: 0.3 }")], changed);

        var audit = Assert.Single((await _h.GetJsonAsync("/api/audit?entity=Profile&entityId=peb-110&action=version-saved")).EnumerateArray());
        Assert.Equal("eva", audit.GetProperty("actor").GetString());
        Assert.Contains("thicker film needs 90 s", audit.GetProperty("details").GetString());

        // The same text again is no change; a save based on version 1 now that 2 exists is stale.
        (s, body) = await PostAsync(_engineer, "/api/bake-profiles", new { yaml = v2, note = "again" });
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "yaml" && e.Rule == "identical to version 2 of peb-110: there is no change to save");
        (s, body) = await PostAsync(_engineer, "/api/bake-profiles", new { yaml = _shipped.Replace("holdS: 60", "holdS: 75"), note = "75 s", baseVersion = 1 });
        Assert.Equal(409, s);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "baseVersion" && e.Rule.StartsWith("you edited version 1, but version 2 was saved since by eva"));
        Assert.Equal(2, (await _h.GetJsonAsync("/api/bake-profiles/peb-110")).GetArrayLength());
    }

    [Fact]
    public async Task The_check_without_saving_names_each_bad_field_and_a_save_without_a_note_is_refused()
    {
        var (s, body) = await PostAsync(_engineer, "/api/bake-profiles/validate", new { yaml = "name: x\nversion: 1\nwafer: { size: 450mm }\nsegments: []\n" });
        Assert.Equal(400, s);
        Assert.Equal(["wafer.size", "segments"], JsonAssert.Errors(body).Select(e => e.Field));
        (s, body) = await PostAsync(_engineer, "/api/bake-profiles/validate", new { yaml = _shipped });
        Assert.Equal((200, 60.0), (s, body.GetProperty("plannedS").GetDouble()));

        (s, body) = await PostAsync(_engineer, "/api/bake-profiles", new { yaml = _shipped.Replace("holdS: 60", "holdS: 90") });
        Assert.Equal(400, s);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "note" && e.Rule.StartsWith("required"));
        Assert.Equal(1, (await _h.GetJsonAsync("/api/bake-profiles/peb-110")).GetArrayLength());
    }

    [Theory]
    [InlineData(GatewayRoles.Viewer)]
    [InlineData(GatewayRoles.Technician)]
    public async Task Viewers_and_technicians_cannot_save_a_profile(string role)
    {
        using var client = await _h.ClientAsAsync("only-" + role, role);
        var (s, _) = await PostAsync(client, "/api/bake-profiles", new { yaml = _shipped.Replace("holdS: 60", "holdS: 90"), note = "mine" });
        Assert.Equal(403, s);
        Assert.Equal(1, (await _h.GetJsonAsync("/api/bake-profiles/peb-110")).GetArrayLength());
        // The check saves nothing, so every signed-in role may run it.
        Assert.Equal(200, (await PostAsync(client, "/api/bake-profiles/validate", new { yaml = _shipped })).Status);
    }

    [Fact]
    public async Task A_diff_of_an_unknown_version_is_not_found()
    {
        using var response = await _h.Http.GetAsync("/api/bake-profiles/peb-110/diff?from=1&to=4");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(JsonAssert.Errors(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement),
            e => e.Field == "to" && e.Rule == "bake profile 'peb-110' has no version 4 (it has 1)");
    }
}
