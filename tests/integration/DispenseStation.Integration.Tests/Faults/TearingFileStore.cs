using DispenseStation.Firmware.Ports;

namespace DispenseStation.Integration.Tests.Faults;

/// <summary>
/// The station's flash as a power cut sees it: armed with <see cref="TearNextWrite"/>, the next write stores only
/// its first bytes and the power is gone from then on (no later write reaches the flash until the board boots
/// again, <see cref="PowerBack"/>).
/// </summary>
internal sealed class TearingFileStore(IFileStore flash) : IFileStore
{
    private int _keepBytes = -1;
    private bool _powerGone;

    /// <summary>Writes cut short so far.</summary>
    public int TornWrites { get; private set; }

    /// <summary>The blob that was being written when the power went, or null.</summary>
    public string? TornBlob { get; private set; }

    public void TearNextWrite(int keepBytes) => _keepBytes = keepBytes;

    public void PowerBack()
    {
        _powerGone = false;
        _keepBytes = -1;
    }

    public bool PowerGone => _powerGone;

    public byte[] Read(string name) => flash.Read(name);

    public void Write(string name, byte[] data, int length)
    {
        if (_powerGone) return;
        if (_keepBytes >= 0)
        {
            flash.Write(name, data, Math.Min(_keepBytes, length));
            TornWrites++;
            TornBlob = name;
            _powerGone = true;
            return;
        }
        flash.Write(name, data, length);
    }

    public void Delete(string name)
    {
        if (!_powerGone) flash.Delete(name);
    }
}
