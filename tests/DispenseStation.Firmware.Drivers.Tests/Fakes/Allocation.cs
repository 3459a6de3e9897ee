using System.Device.Gpio;

namespace DispenseStation.Firmware.Drivers.Tests.Fakes;

/// <summary>Allocation measurement on the current thread.</summary>
public static class Allocation
{
    public static long Of(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>
    /// Bytes .NET IoT's GpioController.Write allocates per call (40 in 4.2.0), measured in the
    /// same run: the baseline for driver tests, since nanoFramework's native Write does not
    /// share it. A driver then allocates nothing of its own when its bytes equal writes x this.
    /// </summary>
    public static double GpioWriteBaseline()
    {
        var sim = new SimGpioDriver();
        var pin = new GpioController(sim).OpenPin(63, PinMode.Output);
        pin.Write(PinValue.High);
        const int n = 1000;
        long bytes = Of(() =>
        {
            for (int i = 0; i < n; i++) pin.Write(i % 2 == 0 ? PinValue.Low : PinValue.High);
        });
        return bytes / (double)n;
    }
}
