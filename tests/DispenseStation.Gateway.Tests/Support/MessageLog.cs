using System.Threading.Channels;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>Reads a stream of received (topic, payload) messages in tests without sleeping.</summary>
public static class MessageLog
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Reads until a message on <paramref name="topic"/> arrives; returns every message read, that one last.</summary>
    public static async Task<List<(string Topic, string Payload)>> ReadUntilAsync(
        ChannelReader<(string Topic, string Payload)> reader, string topic, string? payload = null)
    {
        var seen = new List<(string, string)>();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var m = await reader.ReadAsync(cts.Token);
                seen.Add(m);
                if (m.Topic == topic && (payload is null || m.Payload == payload)) return seen;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message on '{topic}' within {Timeout}; saw: {string.Join(", ", seen.Select(s => s.Item1))}");
        }
    }

    /// <summary>
    /// Proves a message was NOT delivered: after the forbidden publish, the same sender publishes a
    /// probe that is allowed; brokers keep one sender's order, so once the probe is here the forbidden
    /// message would have arrived before it.
    /// </summary>
    public static async Task AssertNotDeliveredBeforeProbeAsync(
        ChannelReader<(string Topic, string Payload)> reader, string forbiddenTopic, string probeTopic, string probePayload)
    {
        var seen = await ReadUntilAsync(reader, probeTopic, probePayload);
        Assert.DoesNotContain(seen, m => m.Topic == forbiddenTopic);
    }
}
