using System.Device.Gpio;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// Pump power through a relay (or the pump drivers' shared enable line) on one GPIO output,
    /// independent of the speed signals: the doser closes it only inside a dose. Opens at
    /// construction, so the pumps are unpowered from boot until the first dose.
    /// </summary>
    public sealed class GpioPumpPower : IPumpPower
    {
        private readonly GpioPin _pin;
        private readonly PinValue _onLevel;
        private readonly PinValue _offLevel;
        private bool _enabled;

        /// <param name="pin">output pin driving the relay coil transistor or the EN line</param>
        /// <param name="activeHigh">true when a high level powers the pumps</param>
        public GpioPumpPower(GpioPin pin, bool activeHigh)
        {
            if (pin == null) throw new System.ArgumentNullException("pin");
            _pin = pin;
            _onLevel = activeHigh ? PinValue.High : PinValue.Low;
            _offLevel = activeHigh ? PinValue.Low : PinValue.High;
            _pin.Write(_offLevel);
        }

        public bool IsEnabled { get { return _enabled; } }

        public void SetEnabled(bool enabled)
        {
            if (enabled == _enabled) return;
            _pin.Write(enabled ? _onLevel : _offLevel);
            _enabled = enabled;
        }
    }
}
