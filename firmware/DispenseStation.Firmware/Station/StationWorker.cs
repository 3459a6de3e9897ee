using DispenseStation.Firmware.Station.Link;
using DispenseStation.Firmware.Station.Persistence;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// The station's work that must not run inside the control tick: parsing received commands
    /// (a start command's recipe JSON, its validation) and writing the durable records to flash.
    /// The host calls <see cref="RunOnce"/> from one thread other than the loop's (the ESP32 runs a
    /// worker thread that sleeps a few ms whenever a pass found nothing to do); a host running
    /// simulated time may call it between ticks instead, which keeps the simulation deterministic.
    /// The tick only posts to it and reads its results; it never waits for it.
    /// </summary>
    public sealed class StationWorker
    {
        private readonly CommandInbox _inbox;
        private readonly RecordWriter _records;

        internal StationWorker(CommandInbox inbox, RecordWriter records)
        {
            _inbox = inbox;
            _records = records;
        }

        /// <summary>
        /// One pass: parse what the link received (as many as the inbox has free slots), then write the
        /// newest posted records (one flash write per record at most). True when it did anything.
        /// Not re-entrant: one thread only.
        /// </summary>
        public bool RunOnce()
        {
            int parsed = _inbox.Pump();
            bool wrote = _records.WritePending();
            return parsed > 0 || wrote;
        }

        /// <summary>True while a flash write is in progress.</summary>
        public bool Writing
        {
            get { return _records.Busy; }
        }

        /// <summary>Posted records not yet taken by a write.</summary>
        public bool WritesPending
        {
            get { return _records.HasPending; }
        }

        /// <summary>Write passes completed since boot (each writes the newest snapshot, recipe first).</summary>
        public int Writes
        {
            get { return _records.Writes; }
        }

        /// <summary>Why the last failed write failed, or null when none has.</summary>
        public string LastFailure
        {
            get { return _records.Failure; }
        }

        /// <summary>Parsed commands waiting for the tick.</summary>
        public int CommandsWaiting
        {
            get { return _inbox.Count; }
        }
    }
}
