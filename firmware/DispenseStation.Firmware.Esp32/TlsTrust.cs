using System.Security.Cryptography.X509Certificates;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// The broker's CA certificate from its PEM text. Alone in a file because nanoFramework's
    /// X509Certificate(string) takes the PEM itself while .NET's takes a file name: the .NET test
    /// build substitutes this one call (as it does for <see cref="Esp32Pwm"/>).
    /// </summary>
    public static class TlsTrust
    {
        public static X509Certificate FromPem(string pem)
        {
            if (pem == null || pem.Length == 0) throw new System.ArgumentException("mqtt.ca: TLS needs the broker's CA certificate (PEM)");
            return new X509Certificate(pem);
        }
    }
}
