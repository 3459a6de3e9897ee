using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Signatures;

/// <summary>Signing a finished batch record as performer, reviewer and releaser, over HTTP, and what breaks a signature.</summary>
public sealed class SignatureApiTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<string> CompletedBatchAsync()
    {
        await _h.ConnectStationAsync("ds-01");
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "ds-01" });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;
        await _h.WaitForBatchStateAsync(id, "Complete");
        return id;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SignAsync(HttpClient c, string id, string meaning, string password)
    {
        using var r = await c.PostAsJsonAsync($"/api/batches/{id}/sign/{meaning}", new { password });
        return (r.StatusCode, await r.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Performed_reviewed_released_in_order_by_different_people_with_their_passwords()
    {
        var id = await CompletedBatchAsync();
        using var tina = await _h.ClientAsAsync("tina", GatewayRoles.Technician);
        using var sam = await _h.ClientAsAsync("sam", GatewayRoles.Supervisor);

        var (s, b) = await SignAsync(sam, id, "reviewed", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.Conflict, s);
        Assert.Contains("reviewed needs the performed signature first", b.ToString());
        (s, b) = await SignAsync(tina, id, "performed", "not-tinas-password");
        Assert.Equal(HttpStatusCode.BadRequest, s);
        Assert.Contains("is not tina's password", b.ToString());
        Assert.Empty((await _h.GetJsonAsync($"/api/batches/{id}/signatures")).GetProperty("signatures").EnumerateArray());

        (s, b) = await SignAsync(tina, id, "performed", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.OK, s);
        (s, b) = await SignAsync(tina, id, "performed", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.Conflict, s);
        Assert.Contains("already signed as performed by tina", b.ToString());
        (s, _) = await SignAsync(sam, id, "released", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.Conflict, s);
        (s, _) = await SignAsync(sam, id, "reviewed", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.OK, s);
        (s, b) = await SignAsync(sam, id, "released", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.OK, s);

        var view = await _h.GetJsonAsync($"/api/batches/{id}/signatures");
        var signatures = view.GetProperty("signatures").EnumerateArray().ToList();
        Assert.Equal([("performed", "tina"), ("reviewed", "sam"), ("released", "sam")],
            signatures.Select(x => (x.GetProperty("meaning").GetString(), x.GetProperty("userName").GetString())));
        Assert.All(signatures, x => Assert.True(x.GetProperty("valid").GetBoolean()));
        Assert.All(signatures, x => Assert.Equal(view.GetProperty("contentSha256").GetString(), x.GetProperty("contentSha256").GetString()));
        var audit = await _h.GetJsonAsync($"/api/audit?entity=Signature&batch={id}");
        Assert.Equal(["signed-performed", "signed-reviewed", "signed-released"], audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task The_performer_may_not_review_and_a_running_batch_is_not_signed()
    {
        await _h.ConnectStationAsync("ds-02");
        using var both = await _h.ClientAsAsync("pat", GatewayRoles.Technician, GatewayRoles.Supervisor);
        var station = await _h.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 2;
        var (_, body) = await _h.PostAsync("/api/batches", new { recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "ds-01" });
        var id = body.GetProperty("id").GetString()!;
        await _h.WaitForBatchStateAsync(id, "Held");
        var (s, b) = await SignAsync(both, id, "performed", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.Conflict, s);
        Assert.Contains("only a finished record", b.ToString());
        await _h.PostAsync($"/api/batches/{id}/commands/abort", new { });
        await _h.WaitForBatchStateAsync(id, "Aborted");

        (s, _) = await SignAsync(both, id, "performed", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.OK, s);
        (s, b) = await SignAsync(both, id, "reviewed", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.Conflict, s);
        Assert.Contains("pat signed as performer and may not also review", b.ToString());
    }

    [Fact]
    public async Task A_record_changed_after_signing_shows_the_signature_broken_and_takes_no_more()
    {
        var id = await CompletedBatchAsync();
        using var tina = await _h.ClientAsAsync("tina", GatewayRoles.Technician);
        using var sam = await _h.ClientAsAsync("sam", GatewayRoles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await SignAsync(tina, id, "performed", AppHarness.UserPassword)).Status);

        // Someone edits a dose weight in the database behind the gateway's back.
        var storage = _h.Gateway.App.Services.GetRequiredService<StorageSetup>();
        await using (var c = storage.Dialect.CreateConnection(storage.ConnectionString))
            Assert.Equal(1, await c.ExecuteAsync("UPDATE doses SET actual_g = actual_g + 0.5 WHERE batch_id = @id AND seq = 1", new { id }));

        var view = await _h.GetJsonAsync($"/api/batches/{id}/signatures");
        var performed = Assert.Single(view.GetProperty("signatures").EnumerateArray());
        Assert.False(performed.GetProperty("valid").GetBoolean());
        Assert.NotEqual(view.GetProperty("contentSha256").GetString(), performed.GetProperty("contentSha256").GetString());
        var (s, b) = await SignAsync(sam, id, "reviewed", AppHarness.UserPassword);
        Assert.Equal(HttpStatusCode.Conflict, s);
        Assert.Contains("signatures are broken", b.ToString());
    }

    [Fact]
    public async Task Exports_stream_csv_of_batches_doses_traces_and_audit_in_utc()
    {
        var id = await CompletedBatchAsync();
        async Task<string> Csv(string path)
        {
            using var r = await _h.Http.GetAsync(path);
            Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode}");
            Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
            return await r.Content.ReadAsStringAsync();
        }
        var batches = (await Csv("/api/export/batches.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("batch_id,station,recipe,", batches[0]);
        Assert.Contains(batches, l => l.StartsWith(id + ",ds-01,") && l.Contains(",test-admin,Complete,") && l.Contains('Z'));

        var doses = (await Csv($"/api/export/doses.csv?batch={id}")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var detail = await _h.GetJsonAsync($"/api/batches/{id}");
        Assert.Equal(detail.GetProperty("doses").GetArrayLength() + 1, doses.Length);
        Assert.True(doses.Length > 1);

        Assert.StartsWith("batch_id,source,step,at_utc,", await Csv($"/api/export/trace.csv?batch={id}"));
        using var missing = await _h.Http.GetAsync("/api/export/trace.csv");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        Assert.Contains(",test-admin,Recipe,", await Csv("/api/export/audit.csv?entity=Recipe"));
    }
}
