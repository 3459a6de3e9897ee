using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// Hotplate heater through a zero-cross SSR, time-proportioned over fixed windows.
    /// Fails off: the pin is driven inactive at construction, on <see cref="ForceOff"/>, and when
    /// no duty was set for longer than the hold time (the control loop stopped driving it).
    /// <see cref="Service"/> must run every few tens of ms (a timer on the ESP32); it is the only
    /// place the pin changes apart from <see cref="ForceOff"/>.
    /// </summary>
    public sealed class SsrHeaterOutput : IHeaterOutput
    {
        private readonly object _gate = new object();
        private readonly GpioPin _pin;
        private readonly IClock _clock;
        private readonly TimeProportioning _proportioning;
        private readonly long _holdMs;
        private readonly PinValue _onLevel;
        private readonly PinValue _offLevel;
        private long _lastSetMs;
        private bool _pinOn;
        private int _switchCount;

        /// <param name="pin">An output pin, opened by the host.</param>
        /// <param name="windowMs">Proportioning window, e.g. 1000 ms (50 mains half-cycles at 50 Hz).</param>
        /// <param name="minSwitchMs">Shortest on or off time, e.g. 100 ms, sparing the SSR and mains.</param>
        /// <param name="holdMs">The output turns off when SetDuty has not been called for this long.</param>
        /// <param name="activeHigh">True when a high level turns the SSR on.</param>
        public SsrHeaterOutput(GpioPin pin, IClock clock, long windowMs, long minSwitchMs, long holdMs, bool activeHigh)
        {
            if (pin == null) throw new System.ArgumentNullException("pin");
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (holdMs <= 0) throw new System.ArgumentOutOfRangeException("holdMs", "must be positive");
            _pin = pin;
            _clock = clock;
            _proportioning = new TimeProportioning(windowMs, minSwitchMs);
            _holdMs = holdMs;
            _onLevel = activeHigh ? PinValue.High : PinValue.Low;
            _offLevel = activeHigh ? PinValue.Low : PinValue.High;
            _pin.Write(_offLevel);
        }

        public double AppliedDuty
        {
            get { lock (_gate) { return _proportioning.RequestedDuty; } }
        }

        /// <summary>True while the SSR input is driven on.</summary>
        public bool IsOn { get { lock (_gate) { return _pinOn; } } }

        /// <summary>Off-to-on transitions so far (SSR wear, and a check on the minimum switching period).</summary>
        public int SwitchCount { get { lock (_gate) { return _switchCount; } } }

        public void SetDuty(double duty)
        {
            lock (_gate)
            {
                _proportioning.RequestedDuty = duty;
                _lastSetMs = _clock.UptimeMs;
                ServiceLocked();
            }
        }

        public void ForceOff()
        {
            lock (_gate)
            {
                _proportioning.Reset();
                Drive(false);
            }
        }

        /// <summary>Advances the proportioning and drives the pin; call every 10-50 ms.</summary>
        public void Service()
        {
            lock (_gate) { ServiceLocked(); }
        }

        private void ServiceLocked()
        {
            long now = _clock.UptimeMs;
            if (now - _lastSetMs > _holdMs && _proportioning.RequestedDuty > 0) _proportioning.Reset();
            Drive(_proportioning.Update(now));
        }

        private void Drive(bool on)
        {
            if (on == _pinOn) return;
            _pin.Write(on ? _onLevel : _offLevel);
            if (on) _switchCount++;
            _pinOn = on;
        }
    }
}
