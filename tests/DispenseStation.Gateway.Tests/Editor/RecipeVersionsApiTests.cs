using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Editor;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Editor;

/// <summary>
/// The recipe editor's API: an engineer saves versions of a shipped recipe (version 0), each checked and audited; other
/// roles are refused; bad input names the field and the rule and stores nothing; the diff between any two versions.
/// </summary>
public sealed class RecipeVersionsApiTests : IAsyncLifetime
{
    private const string Id = "silsesquioxane-negative/ok-terpolymer-magnetic-head";
    private AppHarness _h = null!;
    private HttpClient _engineer = null!;
    private string _shipped = "";

    public async Task InitializeAsync()
    {
        _h = await AppHarness.StartAsync();
        _engineer = await _h.ClientAsAsync("eva", GatewayRoles.Engineer);
        _shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "recipes", Id + ".yaml"));
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

    private Task<(int Status, JsonElement Body)> SaveAsync(string yaml, string? note = "a change", bool? draft = null, int? baseVersion = null, string id = Id) =>
        PostAsync(_engineer, $"/api/recipe-versions/{id}", new { yaml, note, draft, baseVersion });

    private async Task<int[]> VersionsAsync(string id = Id) =>
        (await _h.GetJsonAsync($"/api/recipe-versions/{id}")).EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray();

    [Fact]
    public async Task An_engineer_saves_versions_of_a_shipped_recipe_each_with_who_when_note_and_hash_and_audited()
    {
        var v0 = Assert.Single((await _h.GetJsonAsync($"/api/recipe-versions/{Id}")).EnumerateArray());
        Assert.True(v0.GetProperty("shipped").GetBoolean());
        Assert.Equal("Compliant", v0.GetProperty("verdict").GetString());

        var v1Text = _shipped.Replace("batchGrams: 150", "batchGrams: 120");
        var (s1, b1) = await SaveAsync(v1Text, "smaller batch for the pilot line", baseVersion: 0);
        Assert.True(s1 == 201, b1.ToString());
        Assert.Equal((1, "eva", false), (b1.GetProperty("version").GetInt32(), b1.GetProperty("author").GetString(), b1.GetProperty("draft").GetBoolean()));
        var v2Text = v1Text.Replace("{ material: hmmm, parts: 15 }", "{ material: hmmm, parts: 14 }");
        var (s2, b2) = await SaveAsync(v2Text, "less crosslinker", baseVersion: 1);
        Assert.True(s2 == 201, b2.ToString());

        var versions = (await _h.GetJsonAsync($"/api/recipe-versions/{Id}")).EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(["shipped example (read-only)", "smaller batch for the pilot line", "less crosslinker"], versions.Select(v => v.GetProperty("note").GetString()));
        Assert.Equal(ContentHash.Of(v2Text), versions[2].GetProperty("sha256").GetString());
        var v2 = await _h.GetJsonAsync($"/api/recipe-versions/{Id}/2");
        Assert.Equal(v2Text, v2.GetProperty("yaml").GetString());
        Assert.Equal(_shipped, (await _h.GetJsonAsync($"/api/recipe-versions/{Id}/0")).GetProperty("yaml").GetString());

        // The index names the latest version of every recipe, shipped or saved.
        var index = (await _h.GetJsonAsync("/api/recipe-versions")).EnumerateArray().ToList();
        Assert.Equal(2, index.Single(v => v.GetProperty("id").GetString() == Id).GetProperty("version").GetInt32());
        Assert.Equal(0, index.Single(v => v.GetProperty("id").GetString() == "silsesquioxane-negative/ok-resin-blend").GetProperty("version").GetInt32());

        var audit = (await _h.GetJsonAsync($"/api/audit?entity=Recipe&entityId={Uri.EscapeDataString(Id)}&action=version-saved")).EnumerateArray().ToList();
        Assert.Equal(["eva", "eva"], audit.Select(a => a.GetProperty("actor").GetString()));
        var details = JsonDocument.Parse(audit[1].GetProperty("details").GetString()!).RootElement;
        Assert.Equal(1, details.GetProperty("before").GetProperty("version").GetInt32());
        Assert.Equal(2, details.GetProperty("after").GetProperty("version").GetInt32());
        Assert.Equal("less crosslinker", details.GetProperty("after").GetProperty("note").GetString());
        Assert.Equal(ContentHash.Of(v2Text), details.GetProperty("after").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_diff_between_two_versions_lists_every_line_with_what_was_removed_and_added()
    {
        var v1Text = _shipped.Replace("batchGrams: 150", "batchGrams: 120");
        Assert.Equal(201, (await SaveAsync(v1Text)).Status);
        var diff = await _h.GetJsonAsync($"/api/recipe-versions/{Id}/diff?from=0&to=1");
        Assert.Equal((1, 1), (diff.GetProperty("added").GetInt32(), diff.GetProperty("removed").GetInt32()));
        var changed = diff.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() != "same")
            .Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("text").GetString())).ToList();
        Assert.Equal([("removed", "batchGrams: 150"), ("added", "batchGrams: 120")], changed);
        // Every line of both texts once: the unchanged ones and the two sides of the change.
        Assert.Equal(_shipped.TrimEnd('\n').Split('\n').Length + 1, diff.GetProperty("lines").GetArrayLength());

        var same = await _h.GetJsonAsync($"/api/recipe-versions/{Id}/diff?from=1&to=1");
        Assert.Equal((0, 0), (same.GetProperty("added").GetInt32(), same.GetProperty("removed").GetInt32()));

        using var noFrom = await _h.Http.GetAsync($"/api/recipe-versions/{Id}/diff?to=1");
        Assert.Equal(HttpStatusCode.BadRequest, noFrom.StatusCode);
        Assert.Contains(JsonAssert.Errors(JsonDocument.Parse(await noFrom.Content.ReadAsStringAsync()).RootElement), e => e.Field == "from" && e.Rule.StartsWith("required"));
        using var missing = await _h.Http.GetAsync($"/api/recipe-versions/{Id}/diff?from=0&to=7");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains($"recipe '{Id}' has no version 7", await missing.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(GatewayRoles.Viewer)]
    [InlineData(GatewayRoles.Technician)]
    [InlineData(GatewayRoles.Supervisor)]
    public async Task Only_engineers_save_versions(string role)
    {
        using var client = await _h.ClientAsAsync("only-" + role, role);
        var (status, _) = await PostAsync(client, $"/api/recipe-versions/{Id}", new { yaml = _shipped.Replace("150", "140"), note = "mine" });
        Assert.Equal(403, status);
        Assert.Equal(new[] { 0 }, await VersionsAsync());
        using var anonymous = _h.AnonymousClient();
        Assert.Equal(401, (await PostAsync(anonymous, $"/api/recipe-versions/{Id}", new { yaml = _shipped, note = "mine" })).Status);
    }

    public static TheoryData<string, string?, string, int, string, string> BadSaves => new()
    {
        // id, note, yaml (from the shipped text: {0}), status, field, rule (start)
        { "Team/Resist", "a change", "{0}", 400, "id", "'Team/Resist' is not group/name" },
        { "team/-resist", "a change", "{0}", 400, "id", "'team/-resist' is not group/name" },
        { "team/resist-a", null, "{0}", 400, "note", "required: say what changed and why" },
        { "team/resist-a", "ok", "{0}", 400, "note", "required: say what changed and why, in at least 3 characters" },
        { "team/resist-a", new string('n', 501), "{0}", 400, "note", "at most 500 characters (got 501)" },
        { "team/resist-a", "a change", "", 400, "yaml", "required: the recipe as YAML text" },
        { "team/resist-a", "a change", "batchGrams: lots\n", 400, "batchGrams", "" },
        { "team/resist-a", "a change", "{0}\nsurprise: 1\n", 400, "surprise", "" },
    };

    [Theory]
    [MemberData(nameof(BadSaves))]
    public async Task A_bad_save_names_the_field_and_the_rule_and_stores_nothing(string id, string? note, string yaml, int status, string field, string rule)
    {
        var (s, body) = await SaveAsync(yaml.Replace("{0}", _shipped), note, id: id);
        Assert.True(s == status, body.ToString());
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == field && e.Rule.StartsWith(rule, StringComparison.Ordinal));
        if (id == "team/resist-a")
        {
            using var response = await _h.Http.GetAsync("/api/recipe-versions/team/resist-a");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Recipe_text_over_the_gateways_size_and_depth_limits_is_refused_before_parsing()
    {
        var big = "name: x\n# " + new string('x', 256 * 1024) + "\n";
        var (s, body) = await SaveAsync(big);
        Assert.Equal(413, s);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "yaml" && e.Rule.StartsWith("at most 262144 bytes"));
        var deep = "name: x\nnote: " + new string('[', 40) + new string(']', 40) + "\n";
        (s, body) = await SaveAsync(deep);
        Assert.Equal(400, s);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "yaml" && e.Rule == "nested deeper than 32 levels" && e.Line == 2);
        Assert.Equal(new[] { 0 }, await VersionsAsync());
    }

    [Fact]
    public async Task A_non_compliant_recipe_is_saved_only_as_a_draft_and_unchanged_or_stale_saves_are_refused()
    {
        var violating = _shipped.Replace("ssq-hpe-ph-mpe-652015", "ssq-hpe-ph-8020-hmw");
        var (s, body) = await SaveAsync(violating);
        Assert.Equal(400, s);
        Assert.StartsWith("recipe is not compliant", body.GetProperty("title").GetString());
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "claims[4]" && e.Rule.StartsWith("Violated"));
        (s, body) = await SaveAsync(violating, "try the high-Mw resin", draft: true);
        Assert.True(s == 201, body.ToString());
        Assert.Equal((true, "NonCompliant"), (body.GetProperty("draft").GetBoolean(), body.GetProperty("verdict").GetString()));

        (s, body) = await SaveAsync(violating, draft: true);
        Assert.Equal(409, s);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "yaml" && e.Rule == "identical to version 1: there is no change to save");
        (s, body) = await SaveAsync(_shipped.Replace("150", "140"), baseVersion: 0);
        Assert.Equal(409, s);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "baseVersion" && e.Rule.StartsWith("you edited version 0, but version 1 was saved since by eva"));
        Assert.Equal(new[] { 0, 1 }, await VersionsAsync());
    }

    [Fact]
    public async Task A_new_recipe_id_starts_at_version_1_and_an_unknown_id_is_not_found()
    {
        var (s, body) = await SaveAsync(_shipped, "our copy", id: "pilot-line/ssq-a");
        Assert.True(s == 201, body.ToString());
        Assert.Equal(new[] { 1 }, await VersionsAsync("pilot-line/ssq-a"));
        using var response = await _h.Http.GetAsync("/api/recipe-versions/pilot-line/none");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no recipe 'pilot-line/none'", await response.Content.ReadAsStringAsync());
    }
}
