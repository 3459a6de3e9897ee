using System.Text.Json;
using System.Threading.Channels;

namespace DispenseStation.Gateway.Live;

/// <summary>One update for dashboards and the CLI: an SSE event name and its JSON payload.</summary>
public sealed record LiveUpdate(string Type, string Json);

/// <summary>
/// Fans live updates out to every connected Server-Sent-Events client. Each subscriber has a bounded queue
/// that drops its oldest updates when the client reads too slowly, so one stalled browser never blocks MQTT handling.
/// Each drop is counted (<see cref="DroppedUpdates"/>) and logged, one line per interval with the count since.
/// </summary>
public sealed class LiveFeed(ILogger<LiveFeed>? log = null, TimeProvider? clock = null)
{
    public const string StationUpdate = "station";
    public const string TelemetryUpdate = "telemetry";
    public const string BatchUpdate = "batch";
    public const string BatchEventUpdate = "batch-event";
    /// <summary>An alarm was stored as raised or cleared (station, code, kind): the alarm list reloads.</summary>
    public const string AlarmUpdate = "alarm";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly object _gate = new();
    private readonly List<Channel<LiveUpdate>> _subscribers = new();
    private long _dropped;
    private readonly Mqtt.Hardening.LogThrottle _dropLog = new(clock ?? TimeProvider.System, TimeSpan.FromMinutes(1));

    /// <summary>Updates dropped (oldest first) from subscribers' queues that were full because the client read too slowly, since start.</summary>
    public long DroppedUpdates => Interlocked.Read(ref _dropped);

    /// <summary>Updates one subscriber may have waiting before its oldest is dropped.</summary>
    public const int QueueCapacity = 1024;

    public int SubscriberCount { get { lock (_gate) return _subscribers.Count; } }

    public void Publish<T>(string type, T payload)
    {
        var update = new LiveUpdate(type, JsonSerializer.Serialize(payload, Json));
        lock (_gate)
            foreach (var s in _subscribers) s.Writer.TryWrite(update);
    }

    private void Dropped()
    {
        Interlocked.Increment(ref _dropped);
        if (log is not null && _dropLog.ShouldLog("event stream", "reader too slow") is { } leftOut)
            log.LogWarning("Live updates dropped: an event-stream reader fell more than {Capacity} updates behind; {LeftOut} more dropped since the last line ({Total} in all)",
                QueueCapacity, leftOut, DroppedUpdates);
    }

    /// <summary>A queue of the updates from now on, for one reader; disposing it unsubscribes.</summary>
    public LiveSubscription Open()
    {
        var channel = Channel.CreateBounded<LiveUpdate>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
        }, _ => Dropped());
        lock (_gate) _subscribers.Add(channel);
        return new LiveSubscription(channel.Reader, () => { lock (_gate) _subscribers.Remove(channel); });
    }

    /// <summary>Updates from now until <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<LiveUpdate> Subscribe([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var subscription = Open();
        while (true)
        {
            LiveUpdate item;
            try
            {
                if (!await subscription.Reader.WaitToReadAsync(ct)) yield break;
                if (!subscription.Reader.TryRead(out item!)) continue;
            }
            catch (OperationCanceledException) { yield break; }
            yield return item;
        }
    }
}

/// <summary>One subscriber's queue of live updates (see <see cref="LiveFeed.Open"/>).</summary>
public sealed class LiveSubscription(ChannelReader<LiveUpdate> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<LiveUpdate> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}
