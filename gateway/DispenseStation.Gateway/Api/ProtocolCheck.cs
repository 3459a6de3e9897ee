using DispenseStation.Gateway.Orchestration;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Api;

/// <summary>Checks an API command against the station's own rules before anything is sent.</summary>
public static class ProtocolCheck
{
    /// <summary>Writes the command and parses it back with the station's parser: the same rules, the same field names.</summary>
    public static void Command(string name, Action<CommandMessage> fill)
    {
        var command = new CommandMessage { Id = "check", Name = name };
        fill(command);
        var writer = new JsonWriter(Limits.MaxCommandBytes);
        int length = command.WriteTo(writer);
        if (!CommandMessage.TryParse(name, writer.Buffer, 0, length, out _, out var error))
        {
            int colon = error.IndexOf(':');
            throw colon > 0
                ? RequestRejectedException.BadRequest(error[..colon], error[(colon + 1)..].Trim())
                : RequestRejectedException.BadRequest("body", error);
        }
    }
}
