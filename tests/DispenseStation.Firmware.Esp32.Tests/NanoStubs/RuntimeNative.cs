using System;
using System.Collections.Generic;
using System.Threading;
// Stand-ins for nanoFramework.Runtime.Native (signatures from its sources); compile check only.
namespace nanoFramework.Runtime.Native;

public class Power
{
    public static void RebootDevice() => throw new NotSupportedException("ESP32 only");

    public static void RebootDevice(int exeConstraintTimeout) => throw new NotSupportedException("ESP32 only");
}

public static class GC
{
    public static uint Run(bool compactHeap) => throw new NotSupportedException("ESP32 only");
}
