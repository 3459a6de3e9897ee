using System.Net;
using System.Text;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>Bad requests are 400 with the field and the rule; unknown ids are 404; nothing is stored or sent for either.</summary>
public sealed class ApiValidationTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private const string Ok = "silsesquioxane-negative/ok-terpolymer-magnetic-head";

    [Fact]
    public async Task Missing_fields_are_each_named()
    {
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok });
        Assert.Equal(400, status);
        var errors = JsonAssert.Errors(body);
        Assert.Contains(errors, e => e.Field == "station" && e.Rule == "required");
        Assert.DoesNotContain(errors, e => e.Field == "operator"); // the operator of record is the signed-in user
        Assert.Empty((await _h.GetJsonAsync("/api/batches")).EnumerateArray());
    }

    [Theory]
    [InlineData(-5.0, "batchGrams", "must be greater than 0")]
    [InlineData(0.0, "batchGrams", "must be greater than 0")]
    public async Task Bad_batch_size_is_rejected(double grams, string field, string rule)
    {
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana", batchGrams = grams });
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == field && e.Rule.Contains(rule));
    }

    [Fact]
    public async Task Recipe_must_be_given_once_and_exist()
    {
        var (s1, b1) = await _h.PostAsync("/api/batches", new { station = "ds-01", @operator = "ana" });
        Assert.Equal(400, s1);
        Assert.Contains(JsonAssert.Errors(b1), e => e.Field == "recipe" && e.Rule.Contains("exactly one"));
        var (s2, b2) = await _h.PostAsync("/api/batches", new { recipe = "no/such", station = "ds-01", @operator = "ana" });
        Assert.Equal(400, s2);
        Assert.Contains(JsonAssert.Errors(b2), e => e.Field == "recipe" && e.Rule.Contains("unknown example recipe 'no/such'"));
    }

    [Fact]
    public async Task Yaml_errors_carry_field_and_line()
    {
        var yaml = "name: x\nclaimSet: silsesquioxane-negative\nbatchGrams: -3\nsolidsWtPercent: 10\n";
        var (status, body) = await _h.PostAsync("/api/recipes/validate", new { recipeYaml = yaml });
        Assert.Equal(400, status);
        var error = body.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("field").GetString() == "batchGrams");
        Assert.Equal(3, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Non_compliant_recipe_is_refused_with_the_violated_claim()
    {
        var (status, body) = await _h.PostAsync("/api/batches",
            new { recipe = "silsesquioxane-negative/violates-4-high-mw", station = "ds-01", @operator = "ana" });
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "claims[4]" && e.Rule.StartsWith("Violated"));
    }

    [Fact]
    public async Task Lots_must_name_recipe_materials()
    {
        var (status, body) = await _h.PostAsync("/api/batches", new
        {
            recipe = Ok, station = "ds-01", @operator = "ana", lots = new Dictionary<string, string> { ["unobtainium"] = "L1", ["pgmea"] = "" },
        });
        Assert.Equal(400, status);
        var errors = JsonAssert.Errors(body);
        Assert.Contains(errors, e => e.Field == "lots.unobtainium" && e.Rule.Contains("not a material"));
        Assert.Contains(errors, e => e.Field == "lots.pgmea" && e.Rule.Contains("1 to 64"));
    }

    [Fact]
    public async Task Wrong_json_type_names_the_field()
    {
        using var content = new StringContent("""{"recipe":"x","batchGrams":"lots"}""", Encoding.UTF8, "application/json");
        using var response = await _h.Http.PostAsync("/api/batches", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "batchGrams");
    }

    [Theory]
    [InlineData("/api/batches/b-nope")]
    [InlineData("/api/stations/ds-99")]
    [InlineData("/api/stations/ds-99/telemetry")]
    [InlineData("/api/recipes/no/such")]
    [InlineData("/api/no-such-endpoint")]
    public async Task Unknown_ids_are_404(string path)
    {
        using var response = await _h.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Command_for_unknown_batch_is_404_and_unknown_command_400()
    {
        var (s1, _) = await _h.PostAsync("/api/batches/b-nope/commands/hold", new { });
        Assert.Equal(404, s1);
        await _h.ConnectStationAsync("ds-01");
        var (_, created) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana" });
        var id = created.GetProperty("id").GetString();
        var (s2, b2) = await _h.PostAsync($"/api/batches/{id}/commands/self-destruct", new { });
        Assert.Equal(400, s2);
        Assert.Contains(JsonAssert.Errors(b2), e => e.Field == "command");
    }

    [Fact]
    public async Task Validate_returns_the_claim_by_claim_report()
    {
        var (s1, ok) = await _h.PostAsync("/api/recipes/validate", new { recipe = Ok });
        Assert.Equal(200, s1);
        Assert.Equal("Compliant", ok.GetProperty("verdict").GetString());
        Assert.Contains(ok.GetProperty("claims").EnumerateArray(), c => c.GetProperty("claim").GetInt32() == 1 && c.GetProperty("status").GetString() == "Satisfied");

        var (s2, bad) = await _h.PostAsync("/api/recipes/validate", new { recipe = "silsesquioxane-negative/violates-3-unit-ratio" });
        Assert.Equal(200, s2);
        Assert.Equal("NonCompliant", bad.GetProperty("verdict").GetString());
        Assert.Contains(bad.GetProperty("claims").EnumerateArray(), c => c.GetProperty("claim").GetInt32() == 3 && c.GetProperty("status").GetString() == "Violated");
    }

    [Fact]
    public async Task Plan_names_missing_fields_and_materials_and_audit_rejects_unknown_entities()
    {
        var (s1, b1) = await _h.PostAsync("/api/plan", new { recipe = Ok });
        Assert.Equal(400, s1);
        Assert.Contains(JsonAssert.Errors(b1), e => e.Field == "station" && e.Rule == "required");

        var (s2, b2) = await _h.PostAsync("/api/plan", new { recipe = Ok, station = "ds-03" });
        Assert.Equal(400, s2);
        Assert.Contains(JsonAssert.Errors(b2), e => e.Field == "components[ssq-hpe-ph-mpe-652015]" && e.Line is not null);

        // 100 g: at 50 g the surfactant dose (0.21 g of 1 % stock) is below what the balance weighs to 2 % and is refused.
        var (s3, plan) = await _h.PostAsync("/api/plan", new { recipe = Ok, station = "ds-01", batchGrams = 100 });
        Assert.Equal(200, s3);
        Assert.Equal(100, plan.GetProperty("doses").EnumerateArray().Sum(d => d.GetProperty("targetGrams").GetDouble()), 6);
        Assert.All(plan.GetProperty("doses").EnumerateArray(), d => Assert.True(d.GetProperty("toleranceGrams").GetDouble() >= 0.005));

        using var audit = await _h.Http.GetAsync("/api/audit?entity=Bogus");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, audit.StatusCode);
        using var fits = await _h.Http.GetAsync("/api/stations/ds-99/recipes");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, fits.StatusCode);
        var forDs01 = (await _h.GetJsonAsync("/api/stations/ds-01/recipes")).EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(Ok, forDs01);
        Assert.DoesNotContain("dual-crosslinker-negative/ok-biphenol-melamine", forDs01);
    }

    [Fact]
    public async Task Recipes_list_the_shipped_examples()
    {
        var list = (await _h.GetJsonAsync("/api/recipes")).EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains(Ok, list);
        Assert.True(list.Count >= 20, $"expected the shipped examples, got {list.Count}");
    }
}

/// <summary>A gateway whose recipe library is missing refuses to start, naming the setting.</summary>
public sealed class LibraryConfigurationTests
{
    [Fact]
    public async Task Missing_catalog_fails_start_up_naming_the_setting()
    {
        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var h = await AppHarness.StartAsync(new Dictionary<string, string?> { ["Gateway:Library:CatalogFile"] = "/no/such/materials.yaml" });
        });
        Assert.Contains(e.Failures, f => f == "Gateway:Library:CatalogFile: file '/no/such/materials.yaml' does not exist");
    }
}
