using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Guards;

/// <summary>
/// Counts the HTTP connections Kestrel refused over <see cref="LimitsOptions.MaxConnections"/> (its
/// "kestrel.rejected_connections" counter, this gateway's meter only) and logs them as one line per interval: Kestrel's
/// own warning per connection would write thousands of lines during a flood (its category is set to Error in appsettings).
/// </summary>
public sealed class RefusedConnections(IMeterFactory meters, IOptions<LimitsOptions> options, TimeProvider time, ILogger<RefusedConnections> log)
    : IHostedService, IDisposable
{
    public const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";
    public const string RejectedInstrument = "kestrel.rejected_connections";

    private readonly MeterListener _listener = new();
    private long _total, _unlogged;
    private ITimer? _timer;

    /// <summary>Connections refused since start-up.</summary>
    public long Total => Interlocked.Read(ref _total);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Meters made by this host's factory carry it as their scope: another gateway in the same process is not counted.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KestrelMeter && instrument.Name == RejectedInstrument && ReferenceEquals(instrument.Meter.Scope, meters))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            Interlocked.Add(ref _total, value);
            Interlocked.Add(ref _unlogged, value);
        });
        _listener.Start();
        var every = TimeSpan.FromSeconds(options.Value.RefusedConnectionsLogSeconds);
        _timer = time.CreateTimer(_ => Summarize(every), null, every, every);
        return Task.CompletedTask;
    }

    private void Summarize(TimeSpan every)
    {
        long n = Interlocked.Exchange(ref _unlogged, 0);
        if (n > 0)
            log.LogWarning("{Count} HTTP connections refused in the last {Seconds} s: more than {Section}:MaxConnections ({Limit}) were open at once",
                n, every.TotalSeconds, LimitsOptions.Section, options.Value.MaxConnections);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _listener.Dispose();
    }
}
