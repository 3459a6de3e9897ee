using System.Text;
using System.Text.Json;
using DispenseStation.Gateway.HomeAssistant;
using DispenseStation.Gateway.Security;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Sparkplug;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.HomeAssistant;

/// <summary>Home Assistant discovery on the embedded broker, read by a client logged in as Home Assistant would be.</summary>
public sealed class DiscoveryTests : IAsyncLifetime
{
    private const string HaUser = "homeassistant";
    private const string HaPassword = "ha-secret";
    private AppHarness? _h;
    private AppHarness H => _h!;
    private HomeAssistantPublisher Publisher => H.Gateway.App.Services.GetRequiredService<HomeAssistantPublisher>();

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Gateway:HomeAssistant:Enabled"] = "true",
        ["Gateway:HomeAssistant:TelemetryIntervalMilliseconds"] = "0",
        ["Gateway:ViewClients:Clients:0:Username"] = HaUser,
        ["Gateway:ViewClients:Clients:0:PasswordHash"] = PasswordHash.Create(HaPassword, 10_000),
    });

    public async Task DisposeAsync()
    {
        if (_h is not null) await _h.DisposeAsync();
    }

    private Task<HostClient> HaAsync() =>
        HostClient.ConnectAsync(H.Gateway.MqttPort, HaUser, HaPassword, "ha-1", "homeassistant/#", "dispense-ha/#");

    private static string Text((string Topic, byte[] Payload, bool Retain) m) => Encoding.UTF8.GetString(m.Payload);

    [Fact]
    public async Task Each_station_gets_retained_configs_with_device_unique_ids_availability_and_plain_state_topics()
    {
        var station = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-02", AppHarness.Password);
        await station.TelemetryAsync(plateC: 95.25, grams: 2.5, setpointC: 95);
        await AppHarness.WaitForAsync(() => Task.FromResult(H.Gateway.App.Services.GetRequiredService<Commissioning.ViewJournal>()
            .For("ds-02").Any(e => e.Topic == "dispense-ha/ds-02/telemetry")), "telemetry published");

        // HA connects later, as after its own restart: everything it needs is retained.
        await using var ha = await HaAsync();
        var configs = new Dictionary<string, JsonElement>();
        foreach (var e in HomeAssistantEntities.All)
        {
            var m = await ha.FindTopicAsync($"homeassistant/sensor/dispense_gateway/ds-02_{e.Key}/config");
            Assert.True(m.Retain);
            configs[e.Key] = JsonDocument.Parse(m.Payload).RootElement.Clone();
        }
        var plate = configs["plate_temperature"];
        Assert.Equal("dispense_station_ds-02_plate_temperature", plate.GetProperty("unique_id").GetString());
        Assert.Equal("temperature", plate.GetProperty("device_class").GetString());
        Assert.Equal("°C", plate.GetProperty("unit_of_measurement").GetString());
        Assert.Equal("dispense-ha/ds-02/availability", plate.GetProperty("availability_topic").GetString());
        Assert.Equal("dispense_station_ds-02", plate.GetProperty("device").GetProperty("identifiers")[0].GetString());
        Assert.Equal("fw-2.1", plate.GetProperty("device").GetProperty("sw_version").GetString());
        Assert.Equal(HomeAssistantEntities.All.Length, configs.Values.Select(c => c.GetProperty("unique_id").GetString()).Distinct().Count());
        // State, alarm and batch entities: plain values on their own topics, no template. Telemetry entities: the station's
        // one JSON telemetry topic, each read by a value_template naming a field that message carries.
        var telemetry = await ha.FindTopicAsync("dispense-ha/ds-02/telemetry");
        Assert.True(telemetry.Retain);
        var values = JsonDocument.Parse(telemetry.Payload).RootElement;
        var read = new Dictionary<string, string>();
        foreach (var key in new[] { "plate_temperature", "setpoint", "scale_weight", "heater_duty" })
        {
            Assert.Equal("dispense-ha/ds-02/telemetry", configs[key].GetProperty("state_topic").GetString());
            var template = System.Text.RegularExpressions.Regex.Match(configs[key].GetProperty("value_template").GetString()!, @"^\{\{ value_json\.(\w+) \}\}$");
            Assert.True(template.Success, configs[key].GetProperty("value_template").GetString());
            read[key] = values.GetProperty(template.Groups[1].Value).GetRawText();
        }
        foreach (var key in new[] { "packml_state", "active_alarm", "batch", "batch_progress", "step" })
        {
            Assert.Equal($"dispense-ha/ds-02/{key}", configs[key].GetProperty("state_topic").GetString());
            Assert.False(configs[key].TryGetProperty("value_template", out _));
        }
        Assert.Equal("95.25", read["plate_temperature"]);
        Assert.Equal("95.0", read["setpoint"]);
        Assert.Equal("2.500", read["scale_weight"]);
        Assert.Equal("25.0", read["heater_duty"]);
        Assert.Equal(4, values.EnumerateObject().Count());

        var state = new Dictionary<string, string>();
        foreach (var key in new[] { "availability", "packml_state", "active_alarm", "batch_progress" })
            state[key] = Text(await ha.FindTopicAsync($"dispense-ha/ds-02/{key}"));
        Assert.Equal("online", state["availability"]);
        Assert.Equal("Idle", state["packml_state"]);
        Assert.Equal("none", state["active_alarm"]);
        Assert.Equal("None", state["batch_progress"]);   // no batch: HA shows unknown

        await station.StateAsync("Held", "SCALE_UNSTABLE");
        Assert.Equal("Held", Text(await ha.WaitForAsync(m => m.Topic == "dispense-ha/ds-02/packml_state" && Text(m) == "Held", "Held")));
        Assert.Equal("SCALE_UNSTABLE", Text(await ha.WaitForTopicAsync("dispense-ha/ds-02/active_alarm")));

        station.Crash();
        await ha.WaitForAsync(m => m.Topic == "dispense-ha/ds-02/availability" && Text(m) == "offline", "availability offline");
    }

    [Fact]
    public async Task A_retired_station_has_its_configs_removed_and_an_online_one_cannot_be_retired()
    {
        var station = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-02", AppHarness.Password);
        await using var ha = await HaAsync();
        await ha.FindTopicAsync("homeassistant/sensor/dispense_gateway/ds-02_packml_state/config");
        var (refused, body) = await H.PostAsync("/api/stations/ds-02/retire", new { });
        Assert.Equal(409, refused);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "id" && e.Rule.Contains("online"));

        station.Crash();
        await AppHarness.WaitForAsync(async () => !(await H.GetJsonAsync("/api/stations/ds-02")).GetProperty("online").GetBoolean(), "ds-02 offline");
        var (status, _) = await H.PostAsync("/api/stations/ds-02/retire", new { });
        Assert.Equal(202, status);
        foreach (var e in HomeAssistantEntities.All)
            await ha.WaitForAsync(m => m.Topic == $"homeassistant/sensor/dispense_gateway/ds-02_{e.Key}/config" && m.Payload.Length == 0, $"{e.Key} config removed");

        // A fresh HA subscription finds no retained config left for the station.
        await using var later = await HostClient.ConnectAsync(H.Gateway.MqttPort, HaUser, HaPassword, "ha-2", "homeassistant/#", "dispense-ha/ds-01/#");
        var probe = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-01", AppHarness.Password);
        await later.WaitForTopicAsync("dispense-ha/ds-01/availability");
        Assert.DoesNotContain(later.Seen, m => m.Topic.Contains("ds-02"));
        await probe.DisposeAsync();
    }

    [Fact]
    public async Task A_config_topic_owned_by_another_publisher_is_never_overwritten_and_the_refusal_is_logged_once_per_interval()
    {
        // Another gateway (same node id by mistake) already announced ds-03.
        var gw = H.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Mqtt.GatewayCredentials>();
        await using var other = await HostClient.ConnectAsync(H.Gateway.MqttPort, gw.Username, gw.Password, gw.Username + "-other");
        var foreign = """{"name":"x","unique_id":"other_ds-03","state_topic":"elsewhere","origin":{"name":"another gateway"}}"""u8.ToArray();
        await other.PublishAsync("homeassistant/sensor/dispense_gateway/ds-03_packml_state/config", foreign, retain: true);

        await using var ha = await HaAsync();
        await ha.FindTopicAsync("homeassistant/sensor/dispense_gateway/ds-03_packml_state/config");
        var station = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-03", AppHarness.Password);
        await station.StateAsync("Held");
        await AppHarness.WaitForAsync(() => Task.FromResult(Publisher.Refusals.Total >= 2), "discovery of ds-03 refused");
        // A station without a collision is a probe: its configs arrive after anything ds-03's could have.
        var probe = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-01", AppHarness.Password);
        await ha.WaitForTopicAsync("dispense-ha/ds-01/availability");
        Assert.DoesNotContain(ha.Seen, m => m.Topic.Contains("ds-03") && m.Topic != "homeassistant/sensor/dispense_gateway/ds-03_packml_state/config");
        Assert.True(H.Gateway.Mqtt.IsConnected);
        await probe.DisposeAsync();
        await station.DisposeAsync();
    }
}
