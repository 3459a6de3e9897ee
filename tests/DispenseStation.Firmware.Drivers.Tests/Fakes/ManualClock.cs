using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.Tests.Fakes;

/// <summary>Test clock moved by hand.</summary>
public sealed class ManualClock : IClock
{
    public long UptimeMs { get; set; }

    public void Advance(long ms) => UptimeMs += ms;
}
