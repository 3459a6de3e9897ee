// Reference stand-in for nanoFramework.Runtime.Native 1.7.11 (surface as NanoApi.listing.txt). Never run.
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
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot)
        {
            throw new System.NotSupportedException("stand-in");
        }

        public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot)
        {
            throw new System.NotSupportedException("stand-in");
        }
    }

    public static class GC
    {
        public static uint Run(bool compactHeap)
        {
            throw new System.NotSupportedException("stand-in");
        }
    }
}
