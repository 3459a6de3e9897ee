using System;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// The station's versioned tuning sets: every accepted or restored set gets the next version; the
    /// last <see cref="Capacity"/> are kept (the oldest drop out). One is active. Fixed array of sets
    /// allocated at start-up; nanoFramework-compatible.
    /// </summary>
    public sealed class TuningSetStore
    {
        /// <summary>Most kept versions (the default): each set is ~180 bytes of the ESP32's heap.</summary>
        public const int MaxCapacity = 8;
        private readonly TuningSet[] _sets;
        private int _count;
        private int _nextVersion = 1;
        private int _activeVersion;

        public TuningSetStore() : this(MaxCapacity)
        {
        }

        /// <summary>A store keeping the last <paramref name="capacity"/> versions (1..<see cref="MaxCapacity"/>).</summary>
        public TuningSetStore(int capacity)
        {
            if (capacity < 1 || capacity > MaxCapacity) throw new ArgumentOutOfRangeException("capacity");
            _sets = new TuningSet[capacity];
            for (int i = 0; i < capacity; i++) _sets[i] = new TuningSet();
        }

        /// <summary>Versions kept.</summary>
        public int Capacity { get { return _sets.Length; } }

        public int Count { get { return _count; } }
        public int ActiveVersion { get { return _activeVersion; } }
        public int LatestVersion { get { return _nextVersion - 1; } }

        /// <summary>The i-th kept set, oldest first.</summary>
        public TuningSet At(int index)
        {
            if (index < 0 || index >= _count) throw new ArgumentOutOfRangeException("index");
            return _sets[index];
        }

        /// <summary>The kept set with <paramref name="version"/>, or null.</summary>
        public TuningSet Find(int version)
        {
            for (int i = 0; i < _count; i++) if (_sets[i].Version == version) return _sets[i];
            return null;
        }

        /// <summary>Stores a copy of <paramref name="set"/> as the next version and makes it active; returns it.</summary>
        public TuningSet Add(TuningSet set)
        {
            string error = TuningSanity.Check(set);
            if (error != null) throw new ArgumentException("tuning set: " + error);
            TuningSet slot;
            int capacity = _sets.Length;
            if (_count < capacity)
            {
                slot = _sets[_count++];
            }
            else
            {
                slot = _sets[0];
                for (int i = 1; i < capacity; i++) _sets[i - 1] = _sets[i];
                _sets[capacity - 1] = slot;
            }
            slot.CopyFrom(set);
            slot.Version = _nextVersion++;
            _activeVersion = slot.Version;
            return slot;
        }

        /// <summary>Restores the next version (with the same next-version counter) after a reboot.</summary>
        public void Clear()
        {
            _count = 0;
            _nextVersion = 1;
            _activeVersion = 0;
        }
    }
}
