using System.Collections.Generic;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Esp32.Tests;

public sealed class TestClock : IClock
{
    public long UptimeMs { get; set; }
}

/// <summary>IFileStore in memory.</summary>
public sealed class MemoryStore : IFileStore
{
    public readonly Dictionary<string, byte[]> Files = new();

    public byte[] Read(string name) => Files.TryGetValue(name, out var data) ? (byte[])data.Clone() : null;

    public void Write(string name, byte[] data, int length) => Files[name] = data[..length];

    public void Delete(string name) => Files.Remove(name);
}

/// <summary>
/// Flash that takes as long as the ESP32's does: each write holds the calling thread for
/// <see cref="WriteMs"/> (a 4 KB sector erase plus page programs is tens of ms), optionally first
/// at a gate the test holds closed. Counts calls, and calls made by the ticking thread while it is
/// inside StationRuntime.Tick (<see cref="InsideTick"/>). Thread-safe: the worker thread writes
/// while the test's thread ticks.
/// </summary>
public sealed class SlowFlash(int writeMs) : IFileStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, byte[]> _files = new();
    private int _writes;
    private int _busy;
    private int _callsInsideTick;

    public int WriteMs { get; } = writeMs;

    /// <summary>When set, a write waits here (inside the flash call) until the test opens it.</summary>
    public System.Threading.ManualResetEventSlim Hold;

    private readonly System.Threading.ThreadLocal<bool> _insideTick = new();

    /// <summary>Set by the ticking thread around Tick; calls from that thread meanwhile are counted
    /// (the worker thread's calls never are, whenever they happen).</summary>
    public bool InsideTick
    {
        get => _insideTick.Value;
        set => _insideTick.Value = value;
    }

    public int Writes => System.Threading.Volatile.Read(ref _writes);

    /// <summary>A write is in progress (held at the gate or "erasing").</summary>
    public bool Busy => System.Threading.Volatile.Read(ref _busy) > 0;

    public int CallsInsideTick => System.Threading.Volatile.Read(ref _callsInsideTick);

    public byte[] Read(string name)
    {
        Watch();
        lock (_gate) return _files.TryGetValue(name, out var data) ? (byte[])data.Clone() : null;
    }

    public void Write(string name, byte[] data, int length)
    {
        Watch();
        System.Threading.Interlocked.Increment(ref _busy);
        try
        {
            Hold?.Wait();
            if (WriteMs > 0) System.Threading.Thread.Sleep(WriteMs);
            lock (_gate) _files[name] = data[..length];
            System.Threading.Interlocked.Increment(ref _writes);
        }
        finally
        {
            System.Threading.Interlocked.Decrement(ref _busy);
        }
    }

    public void Delete(string name)
    {
        Watch();
        lock (_gate) _files.Remove(name);
    }

    private void Watch()
    {
        if (InsideTick) System.Threading.Interlocked.Increment(ref _callsInsideTick);
    }
}
