using System;
using System.Device.Pwm;
using System.Security.Cryptography.X509Certificates;

namespace DispenseStation.Firmware.Esp32;

/// <summary>Stand-in for the ESP32 file (PwmChannel.CreateFromPin exists only on nanoFramework).</summary>
public static class Esp32Pwm
{
    public static PwmChannel FromPin(int pin, int frequency, double dutyCycle) => throw new NotSupportedException("ESP32 only");
}

/// <summary>Stand-in for the ESP32 file: .NET's X509Certificate(string) reads a file, nanoFramework's parses PEM.</summary>
public static class TlsTrust
{
    public static X509Certificate FromPem(string pem)
    {
        if (pem == null || pem.Length == 0) throw new ArgumentException("mqtt.ca: TLS needs the broker's CA certificate (PEM)");
        return X509Certificate2.CreateFromPem(pem);
    }
}
