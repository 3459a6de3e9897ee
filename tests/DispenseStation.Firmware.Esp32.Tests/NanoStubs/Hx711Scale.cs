using System;
using System.Collections.Generic;
using System.Threading;
// Stand-in for nanoFramework.Iot.Device.Hx711's Scale (signatures from its sources); compile check only.
using System.Device.Spi;

namespace Iot.Device.Hx711;

public enum GainLevel
{
    None = 0,
    Gain128 = 0b1000_0000,
    Gain64 = 0b1010_1000,
    Gain32 = 0b1010_0000,
}

public class Scale
{
    public const int DefaultClockFrequency = 700_000;

    public Scale(SpiDevice spiDevice, GainLevel gain = GainLevel.Gain128) => Gain = gain;

    public int Offset { get; set; }

    public GainLevel Gain { get; set; }

    public uint SampleAveraging { get; set; } = 3;

    public double Read() => throw new NotSupportedException("ESP32 only");

    public void Tare() => throw new NotSupportedException("ESP32 only");

    public void PowerDown() => throw new NotSupportedException("ESP32 only");

    public void PowerUp() => throw new NotSupportedException("ESP32 only");
}
