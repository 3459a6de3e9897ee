using System;

// Stand-ins for nanoFramework.Hardware.Esp32 1.6.42 (github nanoframework/nanoFramework.Hardware.Esp32
// tag v1.6.42, DeviceTypePins.cs, Configuration.cs, HighResTimer.cs). Enum values are the real ones
// (DeviceTypes.SPI = 0x10000, PWM = 0x40000, DeviceIndex = 0x100); only the members the station
// uses are mirrored, as listed in NanoApi.listing.txt.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        SPI1_MOSI = 0x10000 + 1 * 0x100 + 0,
        SPI1_MISO = 0x10000 + 1 * 0x100 + 1,
        SPI1_CLOCK = 0x10000 + 1 * 0x100 + 2,
        SPI2_MOSI = 0x10000 + 2 * 0x100 + 0,
        SPI2_MISO = 0x10000 + 2 * 0x100 + 1,
        SPI2_CLOCK = 0x10000 + 2 * 0x100 + 2,
        PWM1 = 0x40000 + 1 * 0x100,
        PWM2 = 0x40000 + 2 * 0x100,
        PWM3 = 0x40000 + 3 * 0x100,
        PWM4 = 0x40000 + 4 * 0x100,
        PWM5 = 0x40000 + 5 * 0x100,
        PWM6 = 0x40000 + 6 * 0x100,
        PWM7 = 0x40000 + 7 * 0x100,
        PWM8 = 0x40000 + 8 * 0x100,
    }

    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) => throw new NotSupportedException("ESP32 only");
    }

    public class HighResTimer : IDisposable
    {
        public static ulong GetCurrent() => (ulong)Environment.TickCount64 * 1000;

        public void Dispose() { }
    }
}
