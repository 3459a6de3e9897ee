using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Protocol;

namespace DispenseStation.Gateway.Tests.Mqtt;

/// <summary>
/// The embedded broker acknowledges a station's event only after the gateway has handled it, so a gateway killed in
/// between leaves the event in the station's outbox (to be sent again) instead of lost.
/// </summary>
public sealed class StoredBeforeAckTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<bool> AlarmStoredAsync(string code) =>
        (await _h.GetJsonAsync("/api/alarms?show=all")).EnumerateArray().Any(a => a.GetProperty("code").GetString() == code);

    [Fact]
    public async Task The_puback_waits_while_the_gateway_is_still_handling_the_event()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A handler after the gateway's own that holds every event of ds-01 until the test lets it go.
        _h.Gateway.Mqtt.MessageReceived += async m =>
        {
            if (m.Topic == Topics.Event("ds-01")) await gate.Task;
        };

        var publish = station.AlarmAsync("overtemp", "critical");
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(publish.IsCompleted, "the station was acknowledged while the gateway was still handling its event");
            Assert.Equal(1, _h.Gateway.App.Services.GetRequiredService<StoredBeforeAck>().Waiting);
        }
        finally
        {
            gate.TrySetResult(); // a held handler would keep the gateway from stopping
        }
        await publish.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await AlarmStoredAsync("overtemp"));
        Assert.Equal(0, _h.Gateway.App.Services.GetRequiredService<StoredBeforeAck>().Waiting);
    }

    [Fact]
    public async Task Every_acknowledged_event_is_already_stored_and_reaches_the_gateway_once()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var seen = 0;
        _h.Gateway.Mqtt.MessageReceived += m =>
        {
            if (m.Topic == Topics.Event("ds-01")) Interlocked.Increment(ref seen);
            return Task.CompletedTask;
        };
        for (var i = 0; i < 20; i++)
        {
            var code = $"probe-{i}";
            await station.AlarmAsync(code, "warning");
            Assert.True(await AlarmStoredAsync(code), $"{code} acknowledged before it was stored");
        }
        // The broker dispatched the tagged copy only: no event was handled twice.
        Assert.Equal(20, Volatile.Read(ref seen));
    }
}
