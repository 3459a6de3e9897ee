namespace DispenseStation.Gateway.Tests.App;

/// <summary>Every completed batch record carries the claims judged on the weights the station reported.</summary>
public sealed class AsDispensedRecordTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_completed_batch_has_its_as_dispensed_claim_report()
    {
        await _h.ConnectStationAsync("ds-01");
        var (status, body) = await _h.PostAsync("/api/batches", new
        {
            recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "ds-01", @operator = "ana", batchGrams = 120,
        });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;

        await _h.WaitForBatchStateAsync(id, "Complete");
        var claims = await _h.GetJsonAsync($"/api/batches/{id}/claims");

        Assert.Equal("silsesquioxane-negative", claims.GetProperty("claimSet").GetString());
        Assert.Equal("Compliant", claims.GetProperty("verdict").GetString());
        var summary = claims.GetProperty("summary").GetString()!;
        Assert.Contains("as dispensed vs silsesquioxane-negative: Compliant", summary);
        Assert.Contains("claim 3 met", summary);
        var components = claims.GetProperty("report").GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(4, components.Count);
        // The scripted station overshoots each dose by 1 mg, so the dispensed shares differ slightly from the plan.
        Assert.All(components, c => Assert.Equal(c.GetProperty("plannedWtPercentOfSolids").GetDouble(), c.GetProperty("wtPercentOfSolids").GetDouble(), 1));
    }

    [Fact]
    public async Task Unknown_batch_is_404_naming_the_id()
    {
        using var response = await _h.Http.GetAsync("/api/batches/nope/claims");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no batch 'nope'", await response.Content.ReadAsStringAsync());
    }
}
