using System.Text;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Tests.Station.Fakes;

/// <summary>An in-memory MQTT link: records what was published, feeds received messages, can be
/// disconnected and reconnected, and can refuse publishes (a full client queue).</summary>
public sealed class FakeLink : IMessageLink
{
    private readonly Queue<(string Topic, byte[] Payload)> _inbox = new();
    private bool _connected = true;

    public List<(string Topic, string Payload, bool Retain)> Published { get; } = new();

    public bool IsConnected => _connected;

    /// <summary>False: publishes are counted but not stored (for allocation measurements).</summary>
    public bool Record { get; set; } = true;

    public int PublishCount { get; private set; }

    public int ConnectionEpoch { get; private set; } = 1;

    /// <summary>When set, Publish refuses every message even while connected.</summary>
    public bool RefusePublish { get; set; }

    public void Disconnect() => _connected = false;

    public void Reconnect()
    {
        _connected = true;
        ConnectionEpoch++;
    }

    public void Deliver(string topic, string json) => _inbox.Enqueue((topic, Encoding.UTF8.GetBytes(json)));

    public bool Publish(string topic, byte[] payload, int length, bool retain)
    {
        if (!_connected || RefusePublish) return false;
        PublishCount++;
        if (Record) Published.Add((topic, Encoding.UTF8.GetString(payload, 0, length), retain));
        return true;
    }

    /// <summary>Called on every <see cref="TryReceive"/> (tests watch which thread or phase asks).</summary>
    public Action? OnReceive { get; set; }

    public bool TryReceive(out string topic, out byte[] payload)
    {
        OnReceive?.Invoke();
        if (_connected && _inbox.TryDequeue(out var m))
        {
            topic = m.Topic;
            payload = m.Payload;
            return true;
        }
        topic = null!;
        payload = null!;
        return false;
    }
}
