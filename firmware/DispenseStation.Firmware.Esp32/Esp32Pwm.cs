using System.Device.Pwm;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// The one nanoFramework-only PWM call (.NET IoT has no CreateFromPin), kept alone so the
    /// compile check on .NET can stand in for it. Call Configuration.SetPinFunction first.
    /// </summary>
    public static class Esp32Pwm
    {
        /// <summary>Null when the pin has no PWM channel mapped.</summary>
        public static PwmChannel FromPin(int pin, int frequency, double dutyCycle)
        {
            return PwmChannel.CreateFromPin(pin, frequency, dutyCycle);
        }
    }
}
