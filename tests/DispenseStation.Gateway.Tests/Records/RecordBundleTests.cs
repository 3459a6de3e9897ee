using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Records;

/// <summary>
/// A signed record exported as a sealed bundle and read back in: it verifies whole; an edited dose, a forged hash and
/// signatures, or an edit after signing are each found and said in words; malformed bundles are refused naming the field.
/// </summary>
public sealed class RecordBundleTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A completed batch signed as performed (tina) and reviewed (sam); returns its exported bundle as JSON text.</summary>
    private async Task<(string Id, string Bundle)> SignedExportAsync()
    {
        await _h.ConnectStationAsync("ds-01");
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "ds-01" });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;
        await _h.WaitForBatchStateAsync(id, "Complete");
        using var tina = await _h.ClientAsAsync("tina", GatewayRoles.Technician);
        using var sam = await _h.ClientAsAsync("sam", GatewayRoles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await tina.PostAsJsonAsync($"/api/batches/{id}/sign/performed", new { password = AppHarness.UserPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sam.PostAsJsonAsync($"/api/batches/{id}/sign/reviewed", new { password = AppHarness.UserPassword })).StatusCode);

        using var viewer = await _h.ClientAsAsync("val", GatewayRoles.Viewer);
        using var export = await viewer.GetAsync($"/api/batches/{id}/record.json");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal($"record-{id}.json", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return (id, await export.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> VerifyAsync(string bundle)
    {
        using var viewer = await _h.ClientAsAsync("val", GatewayRoles.Viewer);
        using var r = await viewer.PostAsync("/api/records/verify", new StringContent(bundle, System.Text.Encoding.UTF8, "application/json"));
        return (r.StatusCode, await r.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string[] Problems(JsonElement v) => v.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToArray();

    [Fact]
    public async Task An_exported_record_verifies_after_re_import_hash_seal_and_both_signatures()
    {
        var (id, bundle) = await SignedExportAsync();
        var (status, v) = await VerifyAsync(bundle);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Problems(v));
        Assert.True(v.GetProperty("trusted").GetBoolean());
        Assert.True(v.GetProperty("matchesThisGateway").GetBoolean());
        Assert.Equal(id, v.GetProperty("batchId").GetString());
        var signatures = v.GetProperty("signatures").EnumerateArray().ToList();
        Assert.Equal(["performed", "reviewed"], signatures.Select(s => s.GetProperty("meaning").GetString()!).Order().ToArray());
        Assert.All(signatures, s => Assert.True(s.GetProperty("valid").GetBoolean()));
        // The stored record's hash is the one exported: the signatures API agrees.
        Assert.Equal((await _h.GetJsonAsync($"/api/batches/{id}/signatures")).GetProperty("contentSha256").GetString(), v.GetProperty("contentSha256").GetString());
    }

    [Fact]
    public async Task A_dose_edited_in_the_file_breaks_the_hash_and_every_signature()
    {
        var (_, bundle) = await SignedExportAsync();
        var edited = JsonNode.Parse(bundle)!;
        var dose = edited["doses"]![0]!;
        dose["actualGrams"] = dose["actualGrams"]!.GetValue<double>() + 0.01;
        var (status, v) = await VerifyAsync(edited.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(v.GetProperty("trusted").GetBoolean());
        Assert.False(v.GetProperty("contentMatchesHash").GetBoolean());
        Assert.False(v.GetProperty("matchesThisGateway").GetBoolean());
        Assert.True(v.GetProperty("sealValid").GetBoolean()); // the stated hash and signatures are untouched
        Assert.Contains(Problems(v), p => p.StartsWith("content: the records in the bundle hash to", StringComparison.Ordinal) && p.EndsWith("edited after export", StringComparison.Ordinal));
        Assert.Contains(Problems(v), p => p.StartsWith("signature performed by tina:", StringComparison.Ordinal));
        Assert.Contains(Problems(v), p => p.StartsWith("signature reviewed by sam:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forged_copy_with_a_recomputed_hash_and_re_pointed_signatures_fails_the_seal()
    {
        var (_, bundle) = await SignedExportAsync();
        var forged = JsonNode.Parse(bundle)!;
        var dose = forged["doses"]![0]!;
        dose["actualGrams"] = dose["actualGrams"]!.GetValue<double>() + 0.01;
        // The forger recomputes the content hash (the algorithm is public) and points every signature at it.
        var records = JsonSerializer.Deserialize<DispenseStation.Gateway.Records.Bundles.RecordBundle>(forged.ToJsonString(), AppHarness.Json)!;
        var hash = DispenseStation.Gateway.Signatures.RecordHash.Compute(records.Batch, records.Doses, records.Alarms, records.BakeTrace);
        forged["contentSha256"] = hash;
        foreach (var s in forged["signatures"]!.AsArray()) s!["contentSha256"] = hash;

        var (status, v) = await VerifyAsync(forged.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(v.GetProperty("contentMatchesHash").GetBoolean());
        Assert.False(v.GetProperty("sealValid").GetBoolean());
        Assert.False(v.GetProperty("trusted").GetBoolean());
        Assert.Contains(Problems(v), p => p.StartsWith("seal: does not open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_bundles_are_refused_naming_the_field()
    {
        var (_, bundle) = await SignedExportAsync();
        var wrongFormat = JsonNode.Parse(bundle)!;
        wrongFormat["format"] = "csv";
        var (status, body) = await VerifyAsync(wrongFormat.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"field\":\"format\"", body.GetRawText());

        var noSeal = JsonNode.Parse(bundle)!;
        noSeal.AsObject().Remove("seal");
        (status, body) = await VerifyAsync(noSeal.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("seal", body.GetRawText());

        var otherBatch = JsonNode.Parse(bundle)!;
        otherBatch["signatures"]![0]!["batchId"] = "b-someone-else";
        (status, body) = await VerifyAsync(otherBatch.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("must all belong to batch", body.GetRawText());

        (status, body) = await VerifyAsync("{ not json");
        Assert.Equal(HttpStatusCode.BadRequest, status);

    }
}
