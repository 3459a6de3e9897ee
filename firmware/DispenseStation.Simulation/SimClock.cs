using DispenseStation.Firmware.Ports;

namespace DispenseStation.Simulation;

/// <summary>Simulated time: advances only when the simulation steps it, so runs are deterministic
/// and faster than real time.</summary>
public sealed class SimClock : IClock
{
    public long UptimeMs { get; private set; }

    public double Seconds => UptimeMs / 1000.0;

    public void Advance(long milliseconds)
    {
        if (milliseconds < 0) throw new ArgumentOutOfRangeException(nameof(milliseconds), "time only moves forward");
        UptimeMs += milliseconds;
    }
}
