using System;
using System.Runtime.InteropServices;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// CPU time of the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): a tick's own
/// work, without the time the test machine's scheduler gave the processor to other threads and
/// processes while the tick was running. Not available elsewhere (<see cref="Available"/> false).
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static readonly bool Available = Probe();

    /// <summary>Nanoseconds of CPU this thread has used; 0 when not available.</summary>
    public static long NowNs()
    {
        if (!Available) return 0;
        ClockGetTime(ClockThreadCpuTimeId, out TimeSpec t);
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
