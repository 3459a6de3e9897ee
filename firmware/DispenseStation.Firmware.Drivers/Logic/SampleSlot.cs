namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// The latest sample of a slow or blocking sensor, handed from its reader thread to the control
    /// loop without blocking either. Holds one value, fault bits and the time it was taken; each
    /// sample is taken at most once. Allocation-free after construction.
    /// </summary>
    public sealed class SampleSlot
    {
        private readonly object _gate = new object();
        private double _value;
        private int _faults;
        private long _takenAtMs;
        private bool _fresh;
        private int _count;

        /// <summary>Samples posted so far.</summary>
        public int Count { get { lock (_gate) { return _count; } } }

        /// <summary>Time of the last post, or -1 when nothing was posted yet.</summary>
        public long LastPostMs { get { lock (_gate) { return _count == 0 ? -1 : _takenAtMs; } } }

        /// <summary>
        /// How long the source has been silent: ms since the last post, or since
        /// <paramref name="startedAtMs"/> when it never posted. The read-timeout supervision of
        /// a sensor whose read can block (the nanoFramework HX711 binding polls DOUT forever).
        /// </summary>
        public long SilentForMs(long nowMs, long startedAtMs)
        {
            lock (_gate) { return nowMs - (_count == 0 ? startedAtMs : _takenAtMs); }
        }

        public void Post(double value, int faults, long nowMs)
        {
            lock (_gate)
            {
                _value = value;
                _faults = faults;
                _takenAtMs = nowMs;
                _fresh = true;
                _count++;
            }
        }

        /// <summary>The newest sample if it was not taken before.</summary>
        public bool TryTake(out double value, out int faults, out long takenAtMs)
        {
            lock (_gate)
            {
                value = _value;
                faults = _faults;
                takenAtMs = _takenAtMs;
                if (!_fresh) return false;
                _fresh = false;
                return true;
            }
        }

        /// <summary>The newest sample whether taken before or not; false when none was ever posted.</summary>
        public bool TryPeek(out double value, out int faults, out long takenAtMs)
        {
            lock (_gate)
            {
                value = _value;
                faults = _faults;
                takenAtMs = _takenAtMs;
                return _count > 0;
            }
        }
    }
}
