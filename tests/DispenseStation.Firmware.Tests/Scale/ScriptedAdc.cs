using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Tests.Scale;

/// <summary>An ADC that returns exactly the counts a test queues (one per TryRead).</summary>
internal sealed class ScriptedAdc(int samplesPerSecond = 80) : ILoadCellAdc
{
    private readonly Queue<int> _pending = new();
    public int SamplesPerSecond { get; } = samplesPerSecond;
    public void Push(int counts) => _pending.Enqueue(counts);
    public bool TryRead(out int rawCounts) => _pending.TryDequeue(out rawCounts);
}

