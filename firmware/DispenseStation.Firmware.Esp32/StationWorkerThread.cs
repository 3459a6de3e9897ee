using System;
using System.Threading;
using DispenseStation.Firmware.Station;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// The station worker (<see cref="StationWorker"/>) on its own thread: received commands are
    /// parsed (a start command's recipe JSON and its validation) and the durable records serialized,
    /// checksummed and written to flash here, never in the 50 Hz control loop, which only takes
    /// parsed commands and posts records. A pass that found nothing to do sleeps
    /// <see cref="IdleSleepMs"/>. Runs below the loop's priority. A failed write is logged once per
    /// distinct failure (the station also raises its storage alarm over MQTT).
    /// </summary>
    public sealed class StationWorkerThread
    {
        /// <summary>Sleep after an idle pass: a command waits at most this long to be parsed.</summary>
        public const int IdleSleepMs = 10;

        private readonly StationWorker _worker;
        // A lock rather than 'volatile': the same code runs under nanoFramework.
        private readonly object _gate = new object();
        private Thread _thread;
        private bool _running;
        private string _logged; // worker thread only

        public StationWorkerThread(StationWorker worker)
        {
            if (worker == null) throw new ArgumentNullException("worker");
            _worker = worker;
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
            _thread.Priority = ThreadPriority.BelowNormal;
            _thread.Start();
        }

        /// <summary>Asks the thread to end after its current pass.</summary>
        public void Stop()
        {
            lock (_gate) { _running = false; }
        }

        /// <summary>One pass and its logging; the thread's body, and the tests'. True when it did anything.</summary>
        public bool RunOnce()
        {
            bool busy;
            try
            {
                busy = _worker.RunOnce();
            }
            catch (Exception ex)
            {
                // The worker catches store failures itself; anything else must not end the thread.
                FieldLog.Write("worker", ex.GetType().Name + ": " + ex.Message);
                busy = false;
            }
            string failure = _worker.LastFailure;
            if (failure != null && failure != _logged)
            {
                FieldLog.Write("flash", failure);
                _logged = failure;
            }
            return busy;
        }

        private void Run()
        {
            while (IsRunning)
            {
                if (!RunOnce()) Thread.Sleep(IdleSleepMs);
            }
        }
    }
}
