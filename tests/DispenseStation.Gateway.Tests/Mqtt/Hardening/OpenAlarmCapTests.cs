using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Tests.Mqtt.Hardening;

/// <summary>A station raising ever new alarm codes keeps at most Limits:MaxOpenAlarmsPerStation open alarms.</summary>
public sealed class OpenAlarmCapTests
{
    private static string Alarm(string kind, string code, int seq)
    {
        var e = new EventMessage { Kind = kind, Seq = seq, UptimeMs = 1000 + seq, AlarmCode = code, Severity = Severities.Warning, Message = "flood" };
        var w = new JsonWriter(2048);
        Assert.True(e.WriteTo(w) > 0);
        return System.Text.Encoding.UTF8.GetString(w.ToArray());
    }

    [Fact]
    public async Task Codes_past_the_cap_are_not_stored_and_a_cleared_one_makes_room()
    {
        var settings = RunningGateway.StationSettings(new Dictionary<string, string> { ["st-1"] = "pw-one", ["st-2"] = "pw-two" });
        settings["Gateway:Mqtt:Limits:MaxOpenAlarmsPerStation"] = "3";
        await using var gw = await RunningGateway.StartAsync(settings);
        var repo = gw.App.Services.GetRequiredService<IGatewayRepository>();
        await using var st = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-1", "pw-one");
        var seq = 0;
        foreach (var code in new[] { "F1", "F2", "F3", "F4", "F5" }) await st.PublishAsync(Topics.Event("st-1"), Alarm(EventKinds.AlarmRaised, code, ++seq));
        await st.PublishAsync(Topics.Event("st-1"), Alarm(EventKinds.AlarmCleared, "F1", ++seq));
        await st.PublishAsync(Topics.Event("st-1"), Alarm(EventKinds.AlarmRaised, "F6", ++seq));
        // Another station has its own allowance.
        await using var st2 = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-2", "pw-two");
        await st2.PublishAsync(Topics.Event("st-2"), Alarm(EventKinds.AlarmRaised, "F9", 1));

        using var cts = new CancellationTokenSource(MessageLog.Timeout);
        string[] open;
        while (true)
        {
            // Events of one station are handled in order: once F6 is stored, F4 and F5 have been decided.
            open = (await repo.ListAlarmsAsync("st-1", null, activeOnly: true)).Select(a => a.Code).Order().ToArray();
            var other = await repo.ListAlarmsAsync("st-2", null, activeOnly: true);
            if ((open.Contains("F6") && other.Count == 1) || cts.IsCancellationRequested) break;
            await Task.Delay(20);
        }
        Assert.Equal(["F2", "F3", "F6"], open);
    }
}
