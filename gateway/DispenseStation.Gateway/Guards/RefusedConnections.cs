using System.Diagnostics.Metrics;
using DispenseStation.Gateway.Sparkplug;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Guards;

/// <summary>
/// Counts the HTTP connections Kestrel refused over <see cref="LimitsOptions.MaxConnections"/> (its
/// "kestrel.rejected_connections" counter, this gateway's meter only) and logs them through a <see cref="RefusalLog"/>: one
/// line per interval with the count, where Kestrel's own warning per connection would write thousands of lines during a
/// flood (its category is set to Error in appsettings).
/// </summary>
public sealed class RefusedConnections : IHostedService, IDisposable
{
    public const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";
    public const string RejectedInstrument = "kestrel.rejected_connections";

    private readonly IMeterFactory _meters;
    private readonly RefusalLog _log;
    private readonly string _message;
    private readonly MeterListener _listener = new();

    public RefusedConnections(IMeterFactory meters, IOptions<LimitsOptions> options, TimeProvider time, ILogger<RefusedConnections> log)
    {
        _meters = meters;
        _log = new RefusalLog(log, time, TimeSpan.FromSeconds(options.Value.RefusedConnectionsLogSeconds));
        _message = $"more than {LimitsOptions.Section}:MaxConnections ({options.Value.MaxConnections}) HTTP connections were open at once: a new one was closed unread";
    }

    /// <summary>Connections refused since start-up.</summary>
    public long Total => _log.Total;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Meters made by this host's factory carry it as their scope: another gateway in the same process is not counted.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KestrelMeter && instrument.Name == RejectedInstrument && ReferenceEquals(instrument.Meter.Scope, _meters))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            for (long i = 0; i < value; i++) _log.Refuse("http-connection", _message);
        });
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();
}
