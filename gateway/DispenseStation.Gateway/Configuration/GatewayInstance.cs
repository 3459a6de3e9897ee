namespace DispenseStation.Gateway.Configuration;

/// <summary>
/// Which gateway process this is: <c>Gateway:InstanceId</c> when configured (scripts/demo.sh gives each run its own),
/// otherwise a random id per start, and the process id. /health reports both, so whoever started a gateway can tell its
/// own from another one answering on the same port (a second demo used to take the first one's answer for its own).
/// </summary>
public sealed class GatewayInstance
{
    public const string Key = "Gateway:InstanceId";

    public GatewayInstance(IConfiguration configuration)
    {
        Id = configuration[Key] is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N");
    }

    public string Id { get; }
    public int ProcessId { get; } = Environment.ProcessId;
}
