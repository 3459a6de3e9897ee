using System;
using System.Collections.Generic;
using System.Threading;
// Stand-ins for nanoFramework.Runtime.Native (signatures from its sources); Power records reboot requests for tests.
namespace nanoFramework.Runtime.Native;

public class Power
{
    /// <summary>Test: reboots requested so far (the real call does not return).</summary>
    public static int RebootRequests;

    public static void RebootDevice() => RebootRequests++;

    public static void RebootDevice(int exeConstraintTimeout) => RebootRequests++;
}

public static class GC
{
    public static uint Run(bool compactHeap) => throw new NotSupportedException("ESP32 only");
}
