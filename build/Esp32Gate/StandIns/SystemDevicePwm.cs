// Reference stand-in for nanoFramework.System.Device.Pwm 1.1.23 (github nanoframework/System.Device.Pwm
// tag v1.1.23: PwmChannel.cs). CreateFromPin returns null for a pin with no PWM function mapped
// (Configuration.SetPinFunction first on ESP32). Never run.
namespace System.Device.Pwm
{
    public sealed class PwmChannel : IDisposable
    {
        private PwmChannel()
        {
        }

        public int Frequency { get; set; }

        public double DutyCycle { get; set; }

        public void Start()
        {
            throw new NotSupportedException("stand-in");
        }

        public void Stop()
        {
            throw new NotSupportedException("stand-in");
        }

        public static PwmChannel CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5)
        {
            throw new NotSupportedException("stand-in");
        }

        public void Dispose()
        {
        }
    }
}
