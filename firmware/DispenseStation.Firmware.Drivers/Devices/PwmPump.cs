using System.Device.Pwm;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// DC peristaltic or diaphragm pump on a MOSFET driven by PWM. Below the duty where the motor
    /// stalls it would only heat, so such speeds stop the pump; the dosing controller sees 0.
    /// </summary>
    public sealed class PwmPump : IPumpOutput
    {
        private readonly PwmChannel _pwm;
        private readonly double _stallDuty;
        private double _commanded;

        /// <param name="stallDuty">Lowest duty at which the pump turns reliably (measured, see CALIBRATION.md).</param>
        public PwmPump(PwmChannel pwm, double stallDuty)
        {
            if (pwm == null) throw new System.ArgumentNullException("pwm");
            if (!(stallDuty >= 0 && stallDuty < 1)) throw new System.ArgumentOutOfRangeException("stallDuty", "must be 0..1 (exclusive)");
            _pwm = pwm;
            _stallDuty = stallDuty;
            _pwm.DutyCycle = 0;
            _pwm.Start();
        }

        public double CommandedSpeed { get { return _commanded; } }

        public void SetSpeed(double fraction)
        {
            double duty = Fraction.Clamp(fraction);
            if (duty < _stallDuty) duty = 0;
            if (duty == _commanded) return;
            _pwm.DutyCycle = duty;
            _commanded = duty;
        }
    }
}
