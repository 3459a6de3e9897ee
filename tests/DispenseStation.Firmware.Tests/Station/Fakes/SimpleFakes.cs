using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Tests.Station.Fakes;

public sealed class FakeInput : IDigitalInput
{
    public bool IsActive { get; set; }
}

public sealed class ManualClock : IClock
{
    public long UptimeMs { get; set; }

    public void Advance(long ms) => UptimeMs += ms;
}
