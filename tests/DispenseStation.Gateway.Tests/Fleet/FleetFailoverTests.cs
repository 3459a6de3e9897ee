using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Fleet;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Xunit.Abstractions;

namespace DispenseStation.Gateway.Tests.Fleet;

/// <summary>
/// Two gateway instances (each its own host, DI container, connection pool and MQTT client) on one PostgreSQL database
/// and one Mosquitto started from the shipped configuration, and a scripted station: a batch started on the owner, the
/// owner killed mid-batch (disposed without an orderly stop: its lease is not released), the standby takes the station
/// over within the lease time and the batch record ends Complete with every dose exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FleetFailoverTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const double LeaseSeconds = 3, RenewSeconds = 1;
    private const string Recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head";
    private readonly MosquittoServer _mosquitto = new();
    private readonly TempDir _stations = new("ds-fleet-stations-");
    private readonly List<IAsyncDisposable> _owned = [];

    public async Task InitializeAsync() => await _mosquitto.InitializeAsync();

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        await _mosquitto.DisposeAsync();
        _stations.Dispose();
    }

    private async Task<(RunningGateway Gateway, HttpClient Http)> StartGatewayAsync(string instance, string user, string password, string database)
    {
        var gw = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:InstanceId"] = instance,
            ["Gateway:Mqtt:Mode"] = "External",
            ["Gateway:Mqtt:BrokerUrl"] = $"mqtt://127.0.0.1:{_mosquitto.Port}",
            ["Gateway:Mqtt:GatewayUsername"] = user,
            ["Gateway:Mqtt:GatewayPassword"] = password,
            ["Gateway:Storage:Provider"] = "Postgres",
            ["Gateway:Storage:ConnectionString"] = database,
            ["Gateway:Fleet:Enabled"] = "true",
            ["Gateway:Fleet:LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Fleet:RenewSeconds"] = RenewSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Library:StationsDirectory"] = _stations.Path,
            ["Gateway:Orchestration:CommandTimeoutSeconds"] = "5",
            ["Gateway:Telemetry:DownsampleMilliseconds"] = "20",
        });
        _owned.Add(gw);
        var address = gw.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return (gw, http);
    }

    private static StationLeaseKeeper Keeper(RunningGateway gw) => gw.App.Services.GetRequiredService<StationLeaseKeeper>();

    private static async Task<(int Status, JsonElement Body)> SubmitAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/batches", new
        {
            recipe = Recipe, station = "st-1", @operator = "ana", batchGrams = 100,
            lots = new Dictionary<string, string> { ["pgmea"] = "PG-2611" },
        }, AppHarness.Json);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<JsonElement> DetailAsync(HttpClient http, string id) =>
        JsonDocument.Parse(await http.GetStringAsync($"/api/batches/{id}")).RootElement.Clone();

    [SkippableFact]
    public async Task The_standby_takes_over_a_batch_when_the_owner_is_killed_and_the_record_is_complete()
    {
        ExternalService.Require(_mosquitto.Unavailable);
        var database = (await postgres.NewStorageAsync()).ConnectionString!;
        // The Mosquitto users are st-1 and st-2: st-1 gets ds-01's channel map.
        var map = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "library", "stations", "ds-01.yaml"));
        await File.WriteAllTextAsync(_stations.File("st-1.yaml"), map.Replace("station: ds-01", "station: st-1"));

        var (a, httpA) = await StartGatewayAsync("gw-a", MosquittoServer.GatewayUser, MosquittoServer.GatewayPassword, database);
        var station = await FakeStation.ConnectAsync(_mosquitto.Port, "st-1", MosquittoServer.Stations["st-1"]);
        _owned.Add(station);
        // About 1 s a step: the station is still dosing when the standby takes over, so the record gets replayed and live events.
        station.StepDelay = TimeSpan.FromMilliseconds(1000);
        await AppHarness.WaitForAsync(() => Task.FromResult(Keeper(a).Owns("st-1")), "gw-a owns st-1");
        var (b, httpB) = await StartGatewayAsync("gw-b", MosquittoProcess.SecondGatewayUser, MosquittoProcess.SecondGatewayPassword, database);
        await AppHarness.WaitForAsync(() => Task.FromResult(Keeper(b).OwnerOf("st-1") == "gw-a"), "gw-b sees gw-a owning st-1");

        // The standby refuses to start a batch on a station it does not own, naming the owner; nothing is stored.
        var (refused, why) = await SubmitAsync(httpB);
        Assert.True(refused == 409, $"submit on the standby: {refused} {why}");
        Assert.Contains("run by gateway instance 'gw-a'", why.GetProperty("errors")[0].GetProperty("rule").GetString());

        var (status, body) = await SubmitAsync(httpA);
        Assert.True(status == 201, $"submit on the owner: {status} {body}");
        var id = body.GetProperty("id").GetString()!;
        var steps = (await DetailAsync(httpA, id)).GetProperty("steps").EnumerateArray().ToList();
        var doseSteps = steps.Where(s => s.GetProperty("kind").GetString() == "dose").Select(s => s.GetProperty("index").GetInt32()).ToList();
        Assert.True(doseSteps.Count >= 4, $"the recipe has {doseSteps.Count} doses: too few to kill the owner between them");

        // Kill the owner once it has recorded the first dose, so later doses arrive while nobody owns the station.
        await AppHarness.WaitForAsync(async () => (await DetailAsync(httpA, id)).GetProperty("doses").GetArrayLength() >= 1, "first dose recorded on gw-a", TimeSpan.FromSeconds(30));
        var dosesBefore = (await DetailAsync(httpA, id)).GetProperty("doses").GetArrayLength();
        var killed = Stopwatch.StartNew();
        await a.CrashAsync();
        httpA.Dispose();

        await AppHarness.WaitForAsync(() => Task.FromResult(Keeper(b).Owns("st-1")), "gw-b takes st-1 over", TimeSpan.FromSeconds(LeaseSeconds + RenewSeconds + 10));
        var takeover = killed.Elapsed;
        output.WriteLine($"takeover {takeover.TotalSeconds:0.00} s after the kill (lease {LeaseSeconds} s, renewal every {RenewSeconds} s); {dosesBefore} dose(s) recorded before it");
        // The last renewal was at most RenewSeconds before the kill; the standby looks every RenewSeconds; 1 s for a loaded machine.
        Assert.True(takeover <= TimeSpan.FromSeconds(LeaseSeconds + RenewSeconds + 1), $"takeover took {takeover.TotalSeconds:0.00} s");

        await AppHarness.WaitForAsync(async () =>
        {
            var state = (await DetailAsync(httpB, id)).GetProperty("batch").GetProperty("state").GetString();
            if (state is "Aborted" or "Interrupted") throw new Xunit.Sdk.XunitException($"batch ended {state}");
            return state == "Complete";
        }, $"batch {id} Complete on gw-b", TimeSpan.FromSeconds(60));

        var detail = await DetailAsync(httpB, id);
        var doses = detail.GetProperty("doses").EnumerateArray().ToList();
        Assert.Equal(doseSteps, doses.Select(d => d.GetProperty("sequence").GetInt32()).Order().ToList()); // every dose, each once
        foreach (var d in doses)
            Assert.Equal(d.GetProperty("targetGrams").GetDouble() + station.DoseErrorGrams, d.GetProperty("actualGrams").GetDouble(), 6);
        var gate = b.App.Services.GetRequiredService<StationEventGate>();
        output.WriteLine($"{gate.ReplayedEvents} kept event(s) replayed by gw-b on takeover; {doses.Count} doses in the record");
        Assert.True(gate.ReplayedEvents > 0, "nothing was replayed: the kill did not fall mid-batch");
        Assert.True(dosesBefore < doses.Count);
        Assert.True(Keeper(b).Owns("st-1"));
    }
}
