using System.Text.Json;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>GET /api/stations/{id}/views: the commissioning panel's data, with both views on.</summary>
public sealed class CommissioningApiTests
{
    [Fact]
    public async Task The_panel_lists_each_views_topics_with_their_last_payload()
    {
        using var dir = new TempDir("ds-views-");
        var settings = EmbeddedEdgeNodeTests.Settings(dir.File("bdseq"));
        settings["Gateway:HomeAssistant:Enabled"] = "true";
        settings["Gateway:HomeAssistant:TelemetryIntervalMilliseconds"] = "0";
        await using var h = await AppHarness.StartAsync(settings);
        await using var station = await ScriptedStation.ConnectAsync(h.Gateway.MqttPort, "ds-02", AppHarness.Password);
        await station.TelemetryAsync(plateC: 88.5, grams: 1.25);

        JsonElement[] entries = [];
        await AppHarness.WaitForAsync(async () =>
        {
            entries = (await h.GetJsonAsync("/api/stations/ds-02/views")).EnumerateArray().ToArray();
            return entries.Any(e => e.GetProperty("topic").GetString() == "spBv1.0/Plant/DDATA/gw1/ds-02")
                && entries.Any(e => e.GetProperty("topic").GetString() == "dispense-ha/ds-02/telemetry");
        }, "both views in the panel");
        string Payload(string topic) => entries.Single(e => e.GetProperty("topic").GetString() == topic).GetProperty("payload").GetString()!;
        Assert.Contains("\"plate_temperature\":88.50", Payload("dispense-ha/ds-02/telemetry"));
        Assert.Contains("88.5", Payload("spBv1.0/Plant/DDATA/gw1/ds-02"));                  // decoded to JSON for reading
        Assert.Contains("Hotplate/Temperature", Payload("spBv1.0/Plant/DBIRTH/gw1/ds-02"));
        Assert.Contains(entries, e => e.GetProperty("topic").GetString() == "spBv1.0/Plant/NBIRTH/gw1" && e.GetProperty("view").GetString() == "sparkplug");
        Assert.Contains(entries, e => e.GetProperty("view").GetString() == "homeassistant" && e.GetProperty("retained").GetBoolean());
        Assert.DoesNotContain(entries, e => e.GetProperty("topic").GetString()!.Contains("ds-01"));

        using var missing = await h.Http.GetAsync("/api/stations/nope/views");
        Assert.Equal(404, (int)missing.StatusCode);
    }
}
