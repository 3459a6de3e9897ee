using System.Device.Gpio;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// Feeds the external watchdog supervisor (hardware/SAFETY.md): one level change of its WDI pin
    /// per call. Only the control loop calls <see cref="Feed"/>, once per completed tick, so a tick
    /// that hangs (a blocking native call, a deadlock, a runaway loop) stops the edges and the IC
    /// cuts SSR and pump power in hardware within its time-out, whatever the interpreter is doing.
    /// Opening the pin as an output arms the IC (a floating WDI keeps it disarmed through boot).
    /// Allocation-free.
    /// </summary>
    public sealed class SupervisorFeed
    {
        private readonly GpioPin _wdi;
        private bool _high;
        private int _edges;

        /// <param name="wdi">The WDI pin, opened as an output.</param>
        public SupervisorFeed(GpioPin wdi)
        {
            if (wdi == null) throw new System.ArgumentNullException("wdi");
            _wdi = wdi;
            _wdi.Write(PinValue.Low);
        }

        /// <summary>Edges sent so far.</summary>
        public int Edges { get { return _edges; } }

        public void Feed()
        {
            _high = !_high;
            _wdi.Write(_high ? PinValue.High : PinValue.Low);
            _edges++;
        }
    }
}
