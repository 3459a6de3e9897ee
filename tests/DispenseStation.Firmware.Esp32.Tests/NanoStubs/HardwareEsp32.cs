using System;
using System.Collections.Generic;
using System.Threading;
// Stand-ins for nanoFramework.Hardware.Esp32 (signatures from its sources); compile check only.
namespace nanoFramework.Hardware.Esp32;

public enum DeviceFunction
{
    PWM1, PWM2, PWM3, PWM4,
    SPI1_MOSI, SPI1_MISO, SPI1_CLOCK,
    SPI2_MOSI, SPI2_MISO, SPI2_CLOCK,
}

public static class Configuration
{
    public static void SetPinFunction(int gpioNumber, DeviceFunction deviceFunction) => throw new NotSupportedException("ESP32 only");
}

public class HighResTimer
{
    public static ulong GetCurrent() => (ulong)Environment.TickCount64 * 1000;
}
