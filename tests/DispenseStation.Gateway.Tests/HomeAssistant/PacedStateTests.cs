using System.Diagnostics;
using System.Text;
using DispenseStation.Gateway.HomeAssistant;
using DispenseStation.Gateway.Security;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Sparkplug;

namespace DispenseStation.Gateway.Tests.HomeAssistant;

/// <summary>
/// The publisher with a 1.5 s interval per state topic, on the embedded broker: a burst of telemetry reaches Home
/// Assistant as its first value at once and its last value at the end of the interval, never a stale final value.
/// (The boundaries to the millisecond are in <see cref="StatePacingTests"/>, on the test's clock.)
/// </summary>
public sealed class PacedStateTests : IAsyncLifetime
{
    private const string HaUser = "homeassistant";
    private const string HaPassword = "ha-secret";
    private const int IntervalMs = 1500;
    private AppHarness? _h;
    private AppHarness H => _h!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Gateway:HomeAssistant:Enabled"] = "true",
        ["Gateway:HomeAssistant:TelemetryIntervalMilliseconds"] = IntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:ViewClients:Clients:0:Username"] = HaUser,
        ["Gateway:ViewClients:Clients:0:PasswordHash"] = PasswordHash.Create(HaPassword, 10_000),
    });

    public async Task DisposeAsync()
    {
        if (_h is not null) await _h.DisposeAsync();
    }

    /// <summary>The plate temperature field of a telemetry message, as HA's value_template reads it.</summary>
    private static string Text((string Topic, byte[] Payload, bool Retain) m) =>
        System.Text.Json.JsonDocument.Parse(m.Payload).RootElement.GetProperty("plate_temperature").GetRawText();

    [Fact]
    public async Task A_burst_reaches_HA_as_its_first_value_at_once_and_its_last_value_at_the_end_of_the_interval()
    {
        const string topic = "dispense-ha/ds-02/telemetry";
        await using var ha = await HostClient.ConnectAsync(H.Gateway.MqttPort, HaUser, HaPassword, "ha-1", "dispense-ha/+/telemetry");
        var station = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-02", AppHarness.Password);
        await AppHarness.WaitForAsync(() => Task.FromResult(H.Gateway.App.Services.GetRequiredService<Commissioning.ViewJournal>()
            .For("ds-02").Any(e => e.Topic.EndsWith("/config", StringComparison.Ordinal))), "discovery published");

        await station.TelemetryAsync(plateC: 90.0, grams: 1);
        await ha.WaitForAsync(m => m.Topic == topic && Text(m) == "90.00", "the first value");
        var first = Stopwatch.StartNew();
        await station.TelemetryAsync(plateC: 91.0, grams: 1);
        await station.TelemetryAsync(plateC: 92.0, grams: 1);
        await station.TelemetryAsync(plateC: 93.0, grams: 1);   // the last of the burst, then the station is quiet
        await ha.WaitForAsync(m => m.Topic == topic && Text(m) == "93.00", "the last value of the burst", TimeSpan.FromSeconds(20));
        var last = first.Elapsed;

        var values = ha.Seen.Where(m => m.Topic == topic).Select(Text).ToList();
        Assert.Equal("93.00", values[^1]);
        // Held back to the end of the interval (less a margin for the first value's own delivery delay) ...
        Assert.True(last >= TimeSpan.FromMilliseconds(IntervalMs - 500), $"the last value came {last.TotalMilliseconds:F0} ms after the first");
        // ... and the burst cost at most one publish per interval after the first: the values in between were merged
        // unless the machine was so slow that the burst itself spanned an interval.
        Assert.True(values.Count <= 2 || last >= TimeSpan.FromMilliseconds(2 * IntervalMs), string.Join(", ", values));

        // HA connecting later reads the retained last value, not a stale one.
        await using var late = await HostClient.ConnectAsync(H.Gateway.MqttPort, HaUser, HaPassword, "ha-2", topic);
        Assert.Equal("93.00", Text(await late.FindTopicAsync(topic)));
        var publisher = H.Gateway.App.Services.GetRequiredService<HomeAssistantPublisher>();
        Assert.True(publisher.StatesPublished >= 2);
    }
}
