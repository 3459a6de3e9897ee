using System.Collections.Concurrent;
using System.Threading.Channels;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage;

/// <summary>
/// Stores every station's telemetry, downsampled to one averaged row per bucket
/// (Gateway:Telemetry:DownsampleMilliseconds). The MQTT receive loop only parses and queues;
/// a writer task batches rows into the database so a slow disk never stalls MQTT.
/// </summary>
public sealed class TelemetryRecorder : BackgroundService
{
    private const int Channels = 4; // scale g, plate °C, setpoint °C, heater duty
    private readonly GatewayMqttClient _mqtt;
    private readonly IGatewayRepository _repository;
    private readonly TimeProvider _time;
    private readonly ILogger<TelemetryRecorder> _log;
    private readonly TimeSpan _bucket;
    private readonly ConcurrentDictionary<string, Downsampler> _perStation = new();
    private readonly Mqtt.Hardening.LogThrottle _malformedLog = new(TimeProvider.System, TimeSpan.FromMinutes(1));
    private readonly Channel<TelemetrySample> _rows = Channel.CreateBounded<TelemetrySample>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private long _stored;
    private long _rejected;

    private readonly Fleet.IStationOwnership? _ownership;

    /// <param name="ownership">With several gateway instances, only the station's owner stores its telemetry.</param>
    public TelemetryRecorder(GatewayMqttClient mqtt, IGatewayRepository repository, IOptions<GatewayOptions> options,
        TimeProvider time, ILogger<TelemetryRecorder> log, Fleet.IStationOwnership? ownership = null)
    {
        _ownership = ownership;
        _mqtt = mqtt;
        _repository = repository;
        _time = time;
        _log = log;
        _bucket = TimeSpan.FromMilliseconds(options.Value.Telemetry.DownsampleMilliseconds);
        _mqtt.MessageReceived += OnMessageAsync;
    }

    /// <summary>Rows written to the database so far.</summary>
    public long StoredRows => Interlocked.Read(ref _stored);

    /// <summary>Telemetry payloads that failed to parse.</summary>
    public long RejectedMessages => Interlocked.Read(ref _rejected);

    public override async Task StartAsync(CancellationToken ct)
    {
        await _mqtt.SubscribeAsync(Topics.AllTelemetry, ct);
        await base.StartAsync(ct);
    }

    /// <summary>Parses one telemetry message and queues the buckets it completes. Public for tests.</summary>
    public void Accept(string stationId, byte[] payload, DateTimeOffset receivedAt)
    {
        if (!TelemetryMessage.TryParse(payload, 0, payload.Length, out var message, out var error))
        {
            Interlocked.Increment(ref _rejected);
            if (_malformedLog.ShouldLog(stationId, "malformed telemetry") is { } leftOut)
                _log.LogWarning("Dropped telemetry from {Station}: {Error} ({LeftOut} more left out since the last line)", stationId, error, leftOut);
            return;
        }
        var sampler = _perStation.GetOrAdd(stationId, _ => new Downsampler(_bucket, Channels));
        lock (sampler)
        {
            for (var i = 0; i < message.SampleCount; i++)
            {
                var s = message.Samples[i];
                // A batched sample is older than the message by the difference of the station's uptimes.
                if (!Registry.UptimeBounds.SampleFits(s.UptimeMs, message.UptimeMs)) continue;
                var age = message.UptimeMs - s.UptimeMs;
                var at = receivedAt - TimeSpan.FromMilliseconds(age);
                if (sampler.Add(at, [s.ScaleGrams, s.PlateC, s.SetpointC, s.HeaterDuty]) is { } bucket)
                    _rows.Writer.TryWrite(ToRow(stationId, bucket));
            }
        }
    }

    /// <summary>Queues every station's open bucket (at shutdown, so the last second is not lost).</summary>
    public void FlushAll()
    {
        foreach (var (station, sampler) in _perStation)
            lock (sampler)
                if (sampler.Flush() is { } bucket) _rows.Writer.TryWrite(ToRow(station, bucket));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TelemetrySample>();
        try
        {
            // Only the wait is cancelled: a batch already taken from the queue is always written.
            while (await _rows.Reader.WaitToReadAsync(stoppingToken))
                await WriteAvailableAsync(batch, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>After the writer loop ends, stores the open buckets and whatever is still queued.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        FlushAll();
        var batch = new List<TelemetrySample>();
        do await WriteAvailableAsync(batch, cancellationToken);
        while (batch.Count > 0);
    }

    private async Task WriteAvailableAsync(List<TelemetrySample> batch, CancellationToken ct)
    {
        batch.Clear();
        while (batch.Count < 500 && _rows.Reader.TryRead(out var row)) batch.Add(row);
        if (batch.Count == 0) return;
        try
        {
            foreach (var station in batch.Select(r => r.StationId).Distinct())
                await _repository.UpsertStationAsync(station, null, _time.GetUtcNow(), ct);
            await _repository.AddTelemetryAsync(batch, ct);
            Interlocked.Add(ref _stored, batch.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Could not store {Count} telemetry rows", batch.Count);
        }
    }

    private Task OnMessageAsync(GatewayMessage m)
    {
        if (TopicParser.TryParse(m.Topic, out var info, out _) && info.Kind == TopicKind.Telemetry
            && _ownership?.Owns(info.StationId) != false)
            Accept(info.StationId, m.Payload, _time.GetUtcNow());
        return Task.CompletedTask;
    }

    private static TelemetrySample ToRow(string station, (DateTimeOffset At, double[] Values) b) =>
        new(station, b.At, Value(b.Values[0]), Value(b.Values[1]), Value(b.Values[2]), Value(b.Values[3]));

    private static double? Value(double v) => double.IsNaN(v) ? null : v;
}
