using System.Text.Json;
using DispenseStation.Gateway.Cli;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>
/// The gateway's refusals reach the CLI user in words with the command that shows or fixes the problem: no HTTP status
/// words ("409 conflict", "HTTP 500") and no "GET /api/..." paths.
/// </summary>
[Collection("console")]
public sealed class CliGatewayErrorTests
{
    [Fact]
    public async Task Refusals_name_the_field_and_point_to_a_command()
    {
        await using var h = await AppHarness.StartAsync();
        var url = h.Http.BaseAddress!.ToString().TrimEnd('/');

        var unknown = await CliRun.InProcessAsync("batch", "run", "nope/not-a-recipe", "--station", "ds-01", "--gateway", url);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("error: the gateway refused the request", unknown.Err);
        Assert.Contains("  recipe: unknown example recipe 'nope/not-a-recipe'", unknown.Err);
        Assert.Contains("-> 'recipes' lists the example recipe ids", unknown.Err);
        Assert.DoesNotContain("/api/", unknown.Err);

        // VS-style upper case reaches the gateway as the station's id.
        var never = await CliRun.InProcessAsync("tune", "autotune", "DS-02", "--target-c", "110", "--gateway", url);
        Assert.Equal(2, never.Exit);
        Assert.Contains("error: refused by the gateway", never.Err);
        Assert.Contains("  station: station 'ds-02' has never connected", never.Err);
        Assert.Contains($"-> 'stations --gateway {url}' lists the stations the gateway knows and whether they are online", never.Err);
        Assert.DoesNotContain("409", never.Err);
        Assert.DoesNotContain("conflict", never.Err);
    }

    [Fact]
    public async Task A_gateway_that_is_not_running_is_told_with_the_command_that_runs_one()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var r = await CliRun.InProcessAsync("stations", "--gateway", url);
        Assert.Equal(2, r.Exit);
        Assert.Contains($"error: --gateway: cannot reach {url}/", r.Err);
        Assert.Contains("Is the gateway running? It runs with 'serve'", r.Err);
    }

    [Fact]
    public void Not_signed_in_says_which_login_to_run()
    {
        var body = JsonDocument.Parse("""{"title":"unauthorized","status":401,"errors":[{"field":"auth","rule":"sign in on the dashboard (/login.html) or send 'Authorization: Bearer <token>'"}]}""").RootElement;
        var text = GatewayRefusal.Describe(401, body, "http://gw:5080");
        Assert.StartsWith("not signed in to http://gw:5080: sign in with 'login --user NAME --gateway http://gw:5080'", text);
        Assert.DoesNotContain("Bearer", text);
    }

    [Fact]
    public void A_refused_sign_in_shows_the_gateways_reason()
    {
        var body = JsonDocument.Parse("""{"title":"unauthorized","status":401,"errors":[{"field":"password","rule":"unknown user, wrong password or disabled account"}]}""").RootElement;
        var text = GatewayRefusal.Describe(401, body, "http://gw:5080");
        Assert.Equal("sign-in refused" + Environment.NewLine + "  password: unknown user, wrong password or disabled account", text);
    }

    [Theory]
    [InlineData(500, "the gateway failed to answer (server error 500); its log says why")]
    [InlineData(403, "not allowed for your roles")]
    [InlineData(404, "not found on the gateway")]
    [InlineData(409, "refused by the gateway")]
    public void Statuses_are_told_in_words(int status, string words)
    {
        var text = GatewayRefusal.Describe(status, default, "http://gw:5080");
        Assert.StartsWith(words, text);
        Assert.DoesNotContain("HTTP", text);
    }
}
