using System.Threading;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// Runs a blocking sensor read on its own thread at a fixed period, so the control loop only
    /// ever takes the latest posted sample. If the read hangs (the nanoFramework HX711 binding
    /// waits forever for a conversion), only this thread stalls; the sample goes stale and the
    /// core sees the sensor fall silent.
    /// </summary>
    public sealed class SamplerThread
    {
        private readonly ISampleSource _source;
        private readonly int _periodMs;
        // A lock rather than 'volatile': the same code runs under nanoFramework.
        private readonly object _gate = new object();
        private Thread _thread;
        private bool _running;

        public SamplerThread(ISampleSource source, int periodMs)
        {
            if (source == null) throw new System.ArgumentNullException("source");
            if (periodMs < 0) throw new System.ArgumentOutOfRangeException("periodMs", "must be >= 0");
            _source = source;
            _periodMs = periodMs;
        }

        public bool IsRunning { get { lock (_gate) { return _running; } } }

        public void Start()
        {
            lock (_gate)
            {
                if (_running) return;
                _running = true;
            }
            _thread = new Thread(Run);
            _thread.Start();
        }

        /// <summary>Asks the loop to end after the current read.</summary>
        public void Stop()
        {
            lock (_gate) { _running = false; }
        }

        private void Run()
        {
            while (IsRunning)
            {
                _source.SampleOnce();
                if (_periodMs > 0) Thread.Sleep(_periodMs);
            }
        }
    }
}
