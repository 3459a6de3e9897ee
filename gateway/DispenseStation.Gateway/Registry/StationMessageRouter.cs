using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Registry;

/// <summary>
/// Subscribes to every station's state, telemetry, events and command results and hands each parsed message
/// to the registry, the orchestrator and the command sender. Malformed payloads are logged and dropped.
/// With several gateway instances (<paramref name="gate"/> set) every instance keeps the live view, but a station's
/// events reach the handlers that write its records only on the instance that owns the station (Fleet/StationEventGate).
/// </summary>
public sealed class StationMessageRouter(
    GatewayMqttClient mqtt, StationRegistry registry, BatchOrchestrator orchestrator, CommandSender commands, TuningRegistry tuning,
    ILogger<StationMessageRouter> log, Fleet.StationEventGate? gate = null) : IHostedService
{
    private readonly Mqtt.Hardening.LogThrottle _malformedLog = new(TimeProvider.System, TimeSpan.FromMinutes(1));

    public async Task StartAsync(CancellationToken ct)
    {
        await registry.LoadAsync(ct);
        await orchestrator.LoadAsync(ct);
        if (gate is not null)
        {
            gate.Handle = (station, e) => HandleEventAsync(station, e, CancellationToken.None);
            gate.Adopt = async station =>
            {
                await registry.ReloadAlarmsAsync(station, CancellationToken.None);
                await orchestrator.AdoptAsync(station, CancellationToken.None);
            };
            gate.Release = station =>
            {
                orchestrator.Release(station);
                return Task.CompletedTask;
            };
        }
        mqtt.MessageReceived += OnMessageAsync;
        foreach (var filter in new[] { Topics.AllStates, Topics.AllTelemetry, Topics.AllEvents, Topics.AllCommandResults })
            await mqtt.SubscribeAsync(filter, ct);
    }

    public Task StopAsync(CancellationToken ct)
    {
        mqtt.MessageReceived -= OnMessageAsync;
        return Task.CompletedTask;
    }

    internal async Task OnMessageAsync(GatewayMessage message)
    {
        if (!TopicParser.TryParse(message.Topic, out var topic, out var error))
        {
            log.LogDebug("Ignored message on {Topic}: {Error}", message.Topic, error);
            return;
        }
        var p = message.Payload;
        var ct = CancellationToken.None;
        switch (topic.Kind)
        {
            case TopicKind.State when StateMessage.TryParse(p, 0, p.Length, out var state, out error):
                // A retained state names its station in the payload too; a mismatch is a misconfigured station.
                if (state.StationId is { } named && named != topic.StationId)
                {
                    log.LogWarning("State on {Topic} claims station {Named}; ignored", message.Topic, named);
                    return;
                }
                await registry.OnStateAsync(topic.StationId, state, ct);
                if (gate is not null) await gate.OnStateAsync(topic.StationId, state.Online, ct);
                return;
            case TopicKind.Telemetry when TelemetryMessage.TryParse(p, 0, p.Length, out var telemetry, out error):
                var points = registry.OnTelemetry(topic.StationId, telemetry);
                await orchestrator.OnTelemetryAsync(topic.StationId, points, ct);
                return;
            case TopicKind.Event when EventMessage.TryParse(p, 0, p.Length, out var e, out error):
                if (gate is not null) await gate.OnEventAsync(topic.StationId, e, ct);
                else await HandleEventAsync(topic.StationId, e, ct);
                return;
            case TopicKind.CommandResult when CommandResultMessage.TryParse(p, 0, p.Length, out var result, out error):
                commands.OnResult(result);
                return;
            case TopicKind.Command:
                return;
        }
        // One line per station and kind per minute: a station flooding malformed messages must not flood the log.
        if (_malformedLog.ShouldLog(topic.StationId, topic.Kind.ToString()) is { } leftOut)
            log.LogWarning("Dropped malformed {Kind} from {Station}: {Error} ({LeftOut} more left out since the last line)", topic.Kind, topic.StationId, error, leftOut);
    }

    /// <summary>What the station's owner does with one of its events: alarm records, tuning, the batch record.</summary>
    private async Task HandleEventAsync(string stationId, EventMessage e, CancellationToken ct)
    {
        if (e.Kind is EventKinds.AlarmRaised or EventKinds.AlarmCleared) await registry.OnAlarmEventAsync(stationId, e, ct);
        if (e.Kind == EventKinds.Tuning)
        {
            await tuning.OnTuningEventAsync(stationId, e, ct);
            return;
        }
        await orchestrator.OnEventAsync(stationId, e, ct);
    }
}
