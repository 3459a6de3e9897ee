using System.Diagnostics;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>Real elapsed time, for the watchdog: simulated time stops when the loop stalls.</summary>
public sealed class WallClock : IClock
{
    public static readonly WallClock Instance = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public long UptimeMs => _watch.ElapsedMilliseconds;
}
