using System.Diagnostics;
using System.Threading;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;
using nanoFramework.Runtime.Native;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// nanoFramework has no managed watchdog class, so this thread supervises the control loop:
    /// when the loop has not kicked <see cref="LoopWatchdog"/> within its timeout, it turns the
    /// heater and pumps off, then reboots the device. The heater's own hold-time and the hardware
    /// thermal fuse remain as independent layers.
    /// </summary>
    public sealed class SoftwareWatchdog
    {
        private readonly LoopWatchdog _watchdog;
        private readonly IClock _clock;
        private readonly IHeaterOutput _heater;
        private readonly IPumpOutput[] _pumps;
        private Thread _thread;

        public SoftwareWatchdog(LoopWatchdog watchdog, IClock clock, IHeaterOutput heater, IPumpOutput[] pumps)
        {
            _watchdog = watchdog;
            _clock = clock;
            _heater = heater;
            _pumps = pumps;
        }

        public void Start()
        {
            _thread = new Thread(Run);
            _thread.Priority = ThreadPriority.Highest;
            _thread.Start();
        }

        private void Run()
        {
            while (true)
            {
                Thread.Sleep(100);
                long now = _clock.UptimeMs;
                if (!_watchdog.IsExpired(now)) continue;
                _heater.ForceOff();
                for (int i = 0; i < _pumps.Length; i++) _pumps[i].SetSpeed(0);
                Debug.WriteLine("watchdog: control loop silent for " + _watchdog.SilentForMs(now) + " ms, rebooting");
                // Give the reboot handlers 500 ms at most, then reset regardless.
                Power.RebootDevice(500);
            }
        }
    }
}
