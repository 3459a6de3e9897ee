using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Station.Safety
{
    /// <summary>
    /// Decides, every tick and before any step logic, whether the heater and the pumps may run.
    /// E-stop blocks both. The heater interlock (plate cover, hardware over-temperature contact)
    /// blocks the heater; the pump interlock (bottle present, splash lid) blocks the pumps. A lost
    /// link pauses dosing at once and takes the heater safe after <see cref="LinkHoldMs"/>.
    /// </summary>
    public sealed class SafetySupervisor
    {
        private readonly IDigitalInput _eStop;
        private readonly IDigitalInput _heaterInterlock;
        private readonly IDigitalInput _pumpInterlock;
        private long _linkDownSinceMs = -1;
        private int _alarms;
        private int _previousAlarms;

        /// <param name="eStop">Required: the e-stop input (active = pressed or wire broken).</param>
        /// <param name="heaterInterlock">Optional (null when not fitted).</param>
        /// <param name="pumpInterlock">Optional (null when not fitted).</param>
        /// <param name="linkHoldMs">How long the heater may keep running with the link down.</param>
        public SafetySupervisor(IDigitalInput eStop, IDigitalInput heaterInterlock, IDigitalInput pumpInterlock, long linkHoldMs)
        {
            if (eStop == null) throw new System.ArgumentNullException("eStop");
            if (linkHoldMs < 0) throw new System.ArgumentOutOfRangeException("linkHoldMs");
            _eStop = eStop;
            _heaterInterlock = heaterInterlock;
            _pumpInterlock = pumpInterlock;
            LinkHoldMs = linkHoldMs;
        }

        public long LinkHoldMs { get; private set; }

        /// <summary>Active alarm bits (<see cref="SafetyAlarms"/>).</summary>
        public int Alarms
        {
            get { return _alarms; }
        }

        /// <summary>Bits that changed in the last <see cref="Update"/> (raised or cleared).</summary>
        public int ChangedAlarms
        {
            get { return _alarms ^ _previousAlarms; }
        }

        public bool EStopActive
        {
            get { return (_alarms & SafetyAlarms.EStop) != 0; }
        }

        public bool HeaterPermitted
        {
            get { return (_alarms & (SafetyAlarms.EStop | SafetyAlarms.HeaterInterlock | SafetyAlarms.LinkHoldExpired)) == 0; }
        }

        public bool PumpsPermitted
        {
            get { return (_alarms & (SafetyAlarms.EStop | SafetyAlarms.PumpInterlock | SafetyAlarms.LinkLost)) == 0; }
        }

        public bool LinkDown
        {
            get { return (_alarms & SafetyAlarms.LinkLost) != 0; }
        }

        public bool LinkHoldExpired
        {
            get { return (_alarms & SafetyAlarms.LinkHoldExpired) != 0; }
        }

        public void Update(long nowMs, bool linkConnected)
        {
            _previousAlarms = _alarms;
            int alarms = 0;
            if (_eStop.IsActive) alarms |= SafetyAlarms.EStop;
            if (_heaterInterlock != null && _heaterInterlock.IsActive) alarms |= SafetyAlarms.HeaterInterlock;
            if (_pumpInterlock != null && _pumpInterlock.IsActive) alarms |= SafetyAlarms.PumpInterlock;
            if (linkConnected)
            {
                _linkDownSinceMs = -1;
            }
            else
            {
                if (_linkDownSinceMs < 0) _linkDownSinceMs = nowMs;
                alarms |= SafetyAlarms.LinkLost;
                if (nowMs - _linkDownSinceMs >= LinkHoldMs) alarms |= SafetyAlarms.LinkHoldExpired;
            }
            _alarms = alarms;
        }
    }
}
