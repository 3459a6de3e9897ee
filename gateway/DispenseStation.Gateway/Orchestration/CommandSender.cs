using System.Collections.Concurrent;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>A station's answer to one command.</summary>
public sealed record CommandOutcome(string Id, string Station, string Name, bool Accepted, string? Reason, string? PackMlState);

/// <summary>
/// Publishes commands with unique ids on dispense/v1/{station}/cmd/{name} and matches the station's cmd-result
/// by id. A command the station does not answer in time is reported as such (504), never assumed applied.
/// </summary>
/// With several gateway instances only the station's owner commands it; any other refuses (Fleet/OwnershipRefusal).
public sealed class CommandSender(GatewayMqttClient mqtt, IOptions<OrchestrationOptions> options, ILogger<CommandSender> log,
    Fleet.IStationOwnership? ownership = null)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CommandResultMessage>> _pending = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.CommandTimeoutSeconds);
    private long _seq;

    public async Task<CommandOutcome> SendAsync(string station, string name, ControlRecipe? recipe = null, int stepIndex = -1, CancellationToken ct = default,
        Action<CommandMessage>? arguments = null)
    {
        if (ownership is not null) Fleet.OwnershipRefusal.ThrowUnlessOwned(ownership, station);
        var id = $"{name}-{Guid.NewGuid():N}";
        var command = new CommandMessage { Id = id, Name = name, Seq = Interlocked.Increment(ref _seq), Recipe = recipe, StepIndex = stepIndex };
        arguments?.Invoke(command);
        if (recipe is not null) ControlRecipeBuilder.CheckStationAccepts(recipe); // before anything is published
        var writer = new JsonWriter(DispenseStation.Protocol.Messages.Limits.MaxCommandBytes);
        if (command.WriteTo(writer) < 0)
            throw RequestRejectedException.BadRequest("recipe", "the control recipe does not fit in one command message");

        var answer = new TaskCompletionSource<CommandResultMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            if (!await mqtt.PublishAsync(Topics.Command(station, name), writer.ToArray(), retain: false, ct))
                throw new RequestRejectedException(503, "MQTT link down", [new ApiError("station", $"could not publish '{name}' to {station}: the gateway's MQTT link is down")]);
            CommandResultMessage result;
            try { result = await answer.Task.WaitAsync(_timeout, ct); }
            catch (TimeoutException)
            {
                throw new RequestRejectedException(504, "no answer",
                    [new ApiError("station", $"{station} did not answer '{name}' (command id {id}) within {_timeout.TotalSeconds:0} s")]);
            }
            log.LogInformation("{Station} {Verdict} {Command} ({Id}){Reason}", station, result.Accepted ? "accepted" : "rejected", name, id,
                result.Reason is null ? "" : ": " + result.Reason);
            return new CommandOutcome(id, station, name, result.Accepted, result.Reason, result.PackMlState);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Called for every cmd-result; answers nobody waits for (late, or another gateway's) are ignored.</summary>
    public void OnResult(CommandResultMessage result)
    {
        if (result.Id is not null && _pending.TryGetValue(result.Id, out var waiter)) waiter.TrySetResult(result);
    }
}
