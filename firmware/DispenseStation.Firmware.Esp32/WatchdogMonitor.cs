using System.Threading;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Safety;
using DispenseStation.Firmware.Thermal;
using nanoFramework.Runtime.Native;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// nanoFramework has no managed watchdog class, so a timer independent of the control loop
    /// checks two watchdogs every 100 ms: the station runtime's (fed by every completed tick) and
    /// the thermal safety's heater-refresh watchdog. A starved runtime turns heater and pumps off
    /// and reboots the device; the thermal one latches a heater fault. The SSR's own hold time and
    /// the hardware thermal fuse remain as independent layers below.
    /// </summary>
    public sealed class WatchdogMonitor
    {
        public const int PeriodMs = 100;

        private readonly SoftwareWatchdog _loop;
        private readonly ThermalSafety _thermal;
        private readonly IClock _clock;
        private readonly IHeaterOutput _heater;
        private readonly IPumpOutput[] _pumps;
        private Timer _timer;
        private bool _rebooting;

        public WatchdogMonitor(SoftwareWatchdog loop, ThermalSafety thermal, IClock clock,
            IHeaterOutput heater, IPumpOutput[] pumps)
        {
            _loop = loop;
            _thermal = thermal;
            _clock = clock;
            _heater = heater;
            _pumps = pumps;
        }

        /// <summary>True once a starved loop was found (the reboot is under way).</summary>
        public bool Tripped { get { return _rebooting; } }

        public void Start()
        {
            _timer = new Timer(OnTimer, null, PeriodMs, PeriodMs);
        }

        private void OnTimer(object state)
        {
            Check();
        }

        /// <summary>One check; the timer calls it, tests call it directly.</summary>
        public void Check()
        {
            _thermal.CheckWatchdog(_clock.UptimeMs);
            if (_rebooting || !_loop.IsStarved()) return;
            _rebooting = true;
            _heater.ForceOff();
            for (int i = 0; i < _pumps.Length; i++) _pumps[i].SetSpeed(0);
            FieldLog.Write("watchdog", "control loop silent for more than " + _loop.TimeoutMs + " ms, rebooting");
            // Give the reboot handlers 500 ms at most, then reset regardless.
            Power.RebootDevice(500);
        }
    }
}
