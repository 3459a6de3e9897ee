using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>A station that only reports: retained state with its last will, and telemetry samples the test chooses.</summary>
public sealed class ScriptedStation : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _id;
    private long _seq;
    private long _uptime = 1000;

    private ScriptedStation(string id) => _id = id;

    public static async Task<ScriptedStation> ConnectAsync(int port, string id, string password, string packMl = PackMlStates.Idle)
    {
        var s = new ScriptedStation(id);
        var will = new StateMessage { Online = false, StationId = id };
        await s._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCredentials(id, password).WithClientId(id).WithTimeout(TimeSpan.FromSeconds(5))
            .WithWillTopic(Topics.State(id)).WithWillPayload(Json(w => will.WriteTo(w))).WithWillRetain().WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await s.StateAsync(packMl);
        return s;
    }

    public Task StateAsync(string packMl, params string[] alarms)
    {
        var m = new StateMessage
        {
            Seq = ++_seq, UptimeMs = _uptime += 1, Online = true, StationId = _id, Firmware = "fw-2.1", PackMlState = packMl, ActiveAlarms = alarms,
        };
        return PublishAsync(Topics.State(_id), Json(w => m.WriteTo(w)), retain: true);
    }

    public Task TelemetryAsync(double plateC, double grams, double setpointC = double.NaN)
    {
        var m = new TelemetryMessage(1, 1) { Seq = ++_seq, UptimeMs = _uptime += 200, SampleCount = 1 };
        var s = m.Samples[0];
        s.UptimeMs = _uptime;
        s.ScaleGrams = grams;
        s.ScaleStable = true;
        s.PlateC = plateC;
        s.SetpointC = setpointC;
        s.HeaterDuty = 0.25;
        return PublishAsync(Topics.Telemetry(_id), Json(w => m.WriteTo(w)));
    }

    /// <summary>Drops the link without DISCONNECT: the broker publishes the will (state online=false).</summary>
    public void Crash() => _client.Dispose();

    private async Task PublishAsync(string topic, byte[] payload, bool retain = false) =>
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    private static byte[] Json(Func<JsonWriter, int> write)
    {
        var w = new JsonWriter(16 * 1024);
        if (write(w) < 0) throw new InvalidOperationException("message does not fit");
        return w.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        try { if (_client.IsConnected) await _client.DisconnectAsync(); } catch (ObjectDisposedException) { }
        _client.Dispose();
    }
}
