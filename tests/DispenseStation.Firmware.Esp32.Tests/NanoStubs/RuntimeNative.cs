using System;

// Stand-ins for nanoFramework.Runtime.Native 1.7.11 (github nanoframework/nanoFramework.Runtime.Native
// tag v1.7.11): Power.RebootDevice and GC.Run. Surface as NanoApi.listing.txt; the reboot is recorded
// for tests (the real call does not return).
namespace nanoFramework.Runtime.Native
{
    public enum RebootOption
    {
        NormalReboot = 0,
        EnterNanoBooter = 1,
        ClrOnly = 2,
        EnterProprietaryBooter = 8,
    }

    public class Power
    {
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) => RebootDevice(-1, rebootOption);

        public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot) => RebootRequests++;

        /// <summary>Test: reboots requested so far.</summary>
        internal static int RebootRequests;
    }

    public static class GC
    {
        public static uint Run(bool compactHeap) => throw new NotSupportedException("ESP32 only");
    }
}
