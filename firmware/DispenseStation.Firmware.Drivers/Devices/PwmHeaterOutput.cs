using System.Device.Pwm;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// Heater driven by fast PWM through a MOSFET (a low-voltage DC heater or a random-phase driver).
    /// Fails off like the SSR output: duty 0 at construction, on ForceOff, and when the control loop
    /// stops calling SetDuty for longer than the hold time (checked by <see cref="Service"/>).
    /// </summary>
    public sealed class PwmHeaterOutput : IHeaterOutput
    {
        private readonly object _gate = new object();
        private readonly PwmChannel _pwm;
        private readonly IClock _clock;
        private readonly long _holdMs;
        private double _duty;
        private long _lastSetMs;

        /// <param name="pwm">A PWM channel created by the host (on ESP32: CreateFromPin after SetPinFunction).</param>
        public PwmHeaterOutput(PwmChannel pwm, IClock clock, long holdMs)
        {
            if (pwm == null) throw new System.ArgumentNullException("pwm");
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (holdMs <= 0) throw new System.ArgumentOutOfRangeException("holdMs", "must be positive");
            _pwm = pwm;
            _clock = clock;
            _holdMs = holdMs;
            _pwm.DutyCycle = 0;
            _pwm.Start();
        }

        public double AppliedDuty { get { lock (_gate) { return _duty; } } }

        public void SetDuty(double duty)
        {
            lock (_gate)
            {
                _lastSetMs = _clock.UptimeMs;
                Apply(Fraction.Clamp(duty));
            }
        }

        public void ForceOff()
        {
            lock (_gate) { Apply(0); }
        }

        /// <summary>Turns the heater off when the loop went quiet; call every 10-50 ms.</summary>
        public void Service()
        {
            lock (_gate)
            {
                if (_duty > 0 && _clock.UptimeMs - _lastSetMs > _holdMs) Apply(0);
            }
        }

        private void Apply(double duty)
        {
            if (duty == _duty) return;
            _pwm.DutyCycle = duty;
            _duty = duty;
        }
    }
}
