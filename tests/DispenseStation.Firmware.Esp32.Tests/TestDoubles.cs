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
