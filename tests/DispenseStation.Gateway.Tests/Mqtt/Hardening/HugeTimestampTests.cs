using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Tests.Mqtt.Hardening;

/// <summary>A station uptime ("ts") of 9e18 ms is valid JSON but beyond TimeSpan: handled, never thrown.</summary>
public sealed class HugeTimestampTests
{
    private static string Telemetry(long messageMs, params (long UptimeMs, double Grams)[] samples)
    {
        var m = new TelemetryMessage(samples.Length, 0) { Seq = 1, UptimeMs = messageMs, SampleCount = samples.Length };
        for (var i = 0; i < samples.Length; i++)
        {
            m.Samples[i].UptimeMs = samples[i].UptimeMs;
            m.Samples[i].ScaleGrams = samples[i].Grams;
        }
        var w = new JsonWriter(4096);
        Assert.True(m.WriteTo(w) > 0);
        return System.Text.Encoding.UTF8.GetString(w.ToArray());
    }

    private static async Task<double?> WaitForGramsAsync(StationRegistry registry, double grams)
    {
        using var cts = new CancellationTokenSource(MessageLog.Timeout);
        while (true)
        {
            var seen = registry.Find("st-1")?.LastTelemetry?.ScaleGrams;
            if (seen == grams) return seen;
            if (cts.IsCancellationRequested) return seen;
            await Task.Delay(20);
        }
    }

    [Theory]
    [InlineData(UptimeBounds.MaxSampleAgeMs, true)]
    [InlineData(UptimeBounds.MaxSampleAgeMs + 1, false)]
    public void A_sample_is_timed_only_within_an_hour_before_its_message(long age, bool fits)
    {
        Assert.Equal(fits, UptimeBounds.SampleFits(9_000_000_000_000_000_000 - age, 9_000_000_000_000_000_000));
        Assert.False(UptimeBounds.SampleFits(10, 5)); // after its message
        Assert.False(UptimeBounds.SampleFits(-1, 5));
    }

    [Fact]
    public async Task Telemetry_stamped_9e18_ms_keeps_its_valid_samples_and_the_station_keeps_reporting()
    {
        await using var gw = await RunningGateway.StartAsync(RunningGateway.StationSettings(new Dictionary<string, string> { ["st-1"] = "pw-one" }));
        var registry = gw.App.Services.GetRequiredService<StationRegistry>();
        await using var st = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-1", "pw-one");
        const long huge = 9_000_000_000_000_000_000;
        await st.PublishAsync("dispense/v1/st-1/telemetry", Telemetry(1000, (800, 0.5)));
        Assert.Equal(0.5, await WaitForGramsAsync(registry, 0.5));
        // A jump to 9e18, one sample 200 ms before it and one 9e18 ms before it (uptime 0).
        await st.PublishAsync("dispense/v1/st-1/telemetry", Telemetry(huge, (huge - 200, 1.0), (0, 7.0)));
        Assert.Equal(1.0, await WaitForGramsAsync(registry, 1.0));
        // Then a reboot back to small uptimes.
        await st.PublishAsync("dispense/v1/st-1/telemetry", Telemetry(1000, (800, 2.0)));
        Assert.Equal(2.0, await WaitForGramsAsync(registry, 2.0));
    }
}
