using System.Text;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.VirtualStation.Tests;

/// <summary>An always-connected in-memory link: what the station publishes is kept as text.</summary>
internal sealed class LoopbackLink : IMessageLink
{
    private readonly Queue<(string, byte[])> _inbox = new();
    public List<(string Topic, string Payload)> Published { get; } = new();
    public bool IsConnected { get; set; } = true;
    public int ConnectionEpoch { get; set; } = 1;
    /// <summary>False: count publishes without keeping them (allocation measurements).</summary>
    public bool Record { get; set; } = true;
    public int PublishCount { get; private set; }

    public void Deliver(string topic, byte[] payload) => _inbox.Enqueue((topic, payload));

    public bool Publish(string topic, byte[] payload, int length, bool retain)
    {
        if (!IsConnected) return false;
        PublishCount++;
        if (Record) Published.Add((topic, Encoding.UTF8.GetString(payload, 0, length)));
        return true;
    }

    public bool TryReceive(out string topic, out byte[] payload)
    {
        if (IsConnected && _inbox.TryDequeue(out var m)) { (topic, payload) = m; return true; }
        topic = null!; payload = null!;
        return false;
    }
}
