using System.Collections.Concurrent;

namespace DispenseStation.Gateway.Commissioning;

/// <summary>The last message a view published on one topic, for the station page's commissioning panel.</summary>
public sealed record ViewEntry(string View, string Topic, DateTimeOffset At, bool Retained, string Payload);

/// <summary>
/// Remembers, per station, the last payload each view (Sparkplug, Home Assistant) published on each of its topics.
/// Payloads are kept as given and rendered only when the panel asks (formatting 5000 DDATA a second nobody reads would
/// cost more than publishing them).
/// </summary>
public sealed class ViewJournal(TimeProvider time)
{
    public const string SparkplugView = "sparkplug";
    public const string HomeAssistantView = "homeassistant";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Item>> _byStation = new(StringComparer.Ordinal);

    /// <param name="station">The station the message is about; null for edge-node messages (listed with every station).</param>
    /// <param name="render">Turns the payload into text for the panel, called only when it is read.</param>
    public void Record(string? station, string view, string topic, bool retained, Func<string> render)
    {
        var topics = _byStation.GetOrAdd(station ?? "", _ => new ConcurrentDictionary<string, Item>(StringComparer.Ordinal));
        topics[topic] = new Item(view, time.GetUtcNow(), retained, render);
    }

    /// <summary>Forgets what was published about a station (after it was retired, its discovery configs were removed).</summary>
    public void Forget(string station) => _byStation.TryRemove(station, out _);

    /// <summary>The station's topics and the edge node's, with their last payloads, ordered by view and topic.</summary>
    public IReadOnlyList<ViewEntry> For(string station)
    {
        var result = new List<ViewEntry>();
        foreach (var key in new[] { "", station })
            if (_byStation.TryGetValue(key, out var topics))
                foreach (var (topic, item) in topics)
                    result.Add(new ViewEntry(item.View, topic, item.At, item.Retained, item.Render()));
        return result.OrderBy(e => e.View, StringComparer.Ordinal).ThenBy(e => e.Topic, StringComparer.Ordinal).ToList();
    }

    private sealed record Item(string View, DateTimeOffset At, bool Retained, Func<string> Render);
}
