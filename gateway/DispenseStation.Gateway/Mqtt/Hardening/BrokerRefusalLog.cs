namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>
/// Every refusal of the embedded broker (login, publish, subscription, packet size, rate) goes
/// through here: one warning per client and reason per interval, with the count left out since.
/// </summary>
public sealed class BrokerRefusalLog(ILogger<BrokerRefusalLog> log, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Configuration.GatewayOptions> options)
{
    private readonly LogThrottle _throttle = new(clock, TimeSpan.FromSeconds(options.Value.Mqtt.Limits.LogSummaryIntervalSeconds));
    private long _total;

    /// <summary>Refusals counted since start, logged or not.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Refused(string client, string reason, string detail)
    {
        Interlocked.Increment(ref _total);
        if (_throttle.ShouldLog(client, reason) is not { } leftOut) return;
        if (leftOut == 0) log.LogWarning("MQTT refused {Client}: {Reason} ({Detail})", client, reason, detail);
        else log.LogWarning("MQTT refused {Client}: {Reason} ({Detail}); {LeftOut} more like it since the last line", client, reason, detail, leftOut);
    }
}
