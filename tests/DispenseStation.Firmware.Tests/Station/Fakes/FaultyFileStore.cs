using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Tests.Station.Fakes;

/// <summary>Thrown by <see cref="FaultyFileStore"/> where the power went out.</summary>
public sealed class PowerCutException : Exception
{
    public PowerCutException() : base("power cut during write") { }
}

/// <summary>
/// In-memory flash with injected faults: a write torn after N bytes (the power went out mid-write:
/// the blob holds a prefix of the new data, the caller never returns), bit flips, and a full disk.
/// </summary>
public sealed class FaultyFileStore : IFileStore
{
    private readonly Dictionary<string, byte[]> _blobs = new();
    private int? _tearNextWriteAfter;

    public int Writes { get; private set; }

    public int TornWrites { get; private set; }

    public IReadOnlyCollection<string> Names => _blobs.Keys;

    /// <summary>The next write keeps only its first <paramref name="bytes"/> bytes, then the power dies.</summary>
    public void TearNextWriteAfter(int bytes) => _tearNextWriteAfter = bytes;

    public void FlipBit(string name, int byteIndex, int bit) => _blobs[name][byteIndex] ^= (byte)(1 << bit);

    public byte[]? Raw(string name) => _blobs.TryGetValue(name, out var b) ? b : null;

    public void Put(string name, byte[] data) => _blobs[name] = data.ToArray();

    public byte[] Read(string name) => _blobs.TryGetValue(name, out var b) ? b.ToArray() : null!;

    /// <summary>After a torn write the power is gone: nothing more reaches the flash until the
    /// next boot (<see cref="PowerOn"/>), even if the code under test catches the exception.</summary>
    public bool PoweredDown { get; private set; }

    public void PowerOn() => PoweredDown = false;

    public void Write(string name, byte[] data, int length)
    {
        if (PoweredDown) throw new PowerCutException();
        Writes++;
        if (_tearNextWriteAfter is int cut)
        {
            _tearNextWriteAfter = null;
            TornWrites++;
            PoweredDown = true;
            // Flash erases the file first and then programs it: what is left is a prefix.
            _blobs[name] = data.Take(Math.Min(cut, length)).ToArray();
            throw new PowerCutException();
        }
        _blobs[name] = data.Take(length).ToArray();
    }

    public void Delete(string name)
    {
        if (PoweredDown) throw new PowerCutException();
        _blobs.Remove(name);
    }
}
