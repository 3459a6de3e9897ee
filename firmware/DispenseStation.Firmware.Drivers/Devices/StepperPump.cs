using System.Device.Gpio;
using System.Device.Pwm;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// Peristaltic pump on a stepper driver (A4988, DRV8825, TMC2209 in step/dir mode). The step
    /// input is fed by a 50 % PWM whose frequency is the step rate, so the pulses come from the
    /// timer peripheral and not from managed code. The driver is disabled while stopped, so a
    /// stopped pump cannot creep and the motor does not heat.
    /// </summary>
    public sealed class StepperPump : IPumpOutput
    {
        private readonly PwmChannel _step;
        private readonly GpioPin _enable;
        private readonly PinValue _enabledLevel;
        private readonly PinValue _disabledLevel;
        private readonly StepRate _rate;
        private double _commanded;
        private int _frequency;

        /// <param name="step">PWM channel on the STEP pin.</param>
        /// <param name="direction">Output pin on DIR, set once to the pumping direction; null when DIR
        /// is strapped on the driver board (a dosing pump only ever runs forward).</param>
        /// <param name="enable">Output pin on EN.</param>
        /// <param name="enableActiveLow">True for the usual active-low EN input.</param>
        /// <param name="forwardHigh">DIR level that pumps towards the bottle.</param>
        public StepperPump(PwmChannel step, GpioPin direction, GpioPin enable, bool enableActiveLow, bool forwardHigh, StepRate rate)
        {
            if (step == null) throw new System.ArgumentNullException("step");
            if (enable == null) throw new System.ArgumentNullException("enable");
            if (rate == null) throw new System.ArgumentNullException("rate");
            _step = step;
            _enable = enable;
            _rate = rate;
            _enabledLevel = enableActiveLow ? PinValue.Low : PinValue.High;
            _disabledLevel = enableActiveLow ? PinValue.High : PinValue.Low;
            _enable.Write(_disabledLevel);
            _step.Stop();
            _step.DutyCycle = 0.5;
            if (direction != null) direction.Write(forwardHigh ? PinValue.High : PinValue.Low);
        }

        public double CommandedSpeed { get { return _commanded; } }

        /// <summary>Step frequency now driven, Hz (0 when stopped).</summary>
        public int StepFrequency { get { return _frequency; } }

        public void SetSpeed(double fraction)
        {
            int hz = _rate.Frequency(fraction);
            _commanded = hz == 0 ? 0 : StepRate.ClampFraction(fraction);
            if (hz == _frequency) return;
            if (hz == 0)
            {
                _step.Stop();
                _enable.Write(_disabledLevel);
            }
            else
            {
                _step.Frequency = hz;
                if (_frequency == 0)
                {
                    _enable.Write(_enabledLevel);
                    _step.Start();
                }
            }
            _frequency = hz;
        }
    }
}
