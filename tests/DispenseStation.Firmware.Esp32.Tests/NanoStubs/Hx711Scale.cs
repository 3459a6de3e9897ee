using System;
using System.Collections.Generic;
using System.Threading;
// Stand-in for nanoFramework.Iot.Device.Hx711's Scale (signatures from its sources); compile check only.
using System.Device.Spi;
using System.IO;

namespace Iot.Device.Hx711;

public enum GainLevel
{
    None = 0,
    Gain128 = 0b1000_0000,
    Gain64 = 0b1010_1000,
    Gain32 = 0b1010_0000,
}

/// <summary>Stand-in for the binding; a test queues the raw 24-bit words its Read returns
/// (Read returns them unsigned, as the real binding assembles them).</summary>
public class Scale
{
    public readonly Queue<double> RawWords = new();

    public const int DefaultClockFrequency = 700_000;

    public Scale(SpiDevice spiDevice, GainLevel gain = GainLevel.Gain128)
    {
        Gain = gain;
        Last = this;
    }

    public int Offset { get; set; }

    public GainLevel Gain { get; set; }

    public uint SampleAveraging { get; set; } = 3;

    public double Read() => RawWords.Count > 0 ? RawWords.Dequeue() - Offset : throw new IOException("no conversion (test)");

    public void Tare() => throw new NotSupportedException("ESP32 only");

    public void PowerDown() => throw new NotSupportedException("ESP32 only");

    public void PowerUp() { }

    /// <summary>Test access to the instance an adapter created.</summary>
    public static Scale Last { get; private set; }


}
