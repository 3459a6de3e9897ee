using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// E-stop, lid or bottle-present switch, debounced in time. Each read of <see cref="IsActive"/>
    /// samples the pin, so the control loop reading it every tick is the sampling clock.
    /// Wire safety switches normally-closed to ground with a pull-up: a cut wire then reads as
    /// active (activeHigh = true for such a switch: open contact = high = alarm).
    /// </summary>
    public sealed class DebouncedInput : IDigitalInput
    {
        private readonly GpioPin _pin;
        private readonly IClock _clock;
        private readonly PinValue _activeLevel;
        private readonly Debouncer _debouncer;

        /// <param name="pin">An input pin opened by the host (with its pull-up or pull-down mode).</param>
        /// <param name="activeHigh">True when a high level is the active (alarm) state.</param>
        /// <param name="assertMs">How long the active level must hold before it counts (short for an e-stop).</param>
        /// <param name="releaseMs">How long the inactive level must hold before the alarm clears.</param>
        /// <param name="startActive">True for safety inputs: the station starts stopped until proven clear.</param>
        public DebouncedInput(GpioPin pin, IClock clock, bool activeHigh, long assertMs, long releaseMs, bool startActive)
        {
            if (pin == null) throw new System.ArgumentNullException("pin");
            if (clock == null) throw new System.ArgumentNullException("clock");
            _pin = pin;
            _clock = clock;
            _activeLevel = activeHigh ? PinValue.High : PinValue.Low;
            _debouncer = new Debouncer(assertMs, releaseMs, startActive, clock.UptimeMs);
        }

        public bool IsActive
        {
            get { return _debouncer.Sample(_pin.Read() == _activeLevel, _clock.UptimeMs); }
        }
    }
}
