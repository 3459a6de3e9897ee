using System;
using System.Collections.Generic;
using System.Threading;
using System.Device.Pwm;

namespace DispenseStation.Firmware.Esp32;

/// <summary>Stand-in for the ESP32 file (PwmChannel.CreateFromPin exists only on nanoFramework).</summary>
public static class Esp32Pwm
{
    public static PwmChannel FromPin(int pin, int frequency, double dutyCycle) => throw new NotSupportedException("ESP32 only");
}
