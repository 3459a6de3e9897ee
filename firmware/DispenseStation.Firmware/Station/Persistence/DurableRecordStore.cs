using System;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Station.Persistence
{
    /// <summary>
    /// One record that survives a power cut during its own write. The record lives in two slots
    /// ("name.a", "name.b"); each save goes to the slot not holding the newest good copy, framed as
    /// magic | sequence | length | payload | CRC-32. Loading takes the valid slot with the higher
    /// sequence, so a torn or corrupt write falls back to the previous record. Records written one
    /// at a time by one thread may share a frame buffer (<see cref="FrameBytes"/>).
    /// </summary>
    public sealed class DurableRecordStore
    {
        private const uint Magic = 0x31525344; // "DSR1" little-endian
        private const int HeaderBytes = 12;
        private const int TrailerBytes = 4;

        private readonly IFileStore _files;
        private readonly string[] _slotNames;
        private readonly byte[] _frame;
        private uint _sequence;
        private int _newestSlot = -1;

        public DurableRecordStore(IFileStore files, string name, int maxPayloadBytes)
            : this(files, name, maxPayloadBytes, null)
        {
        }

        /// <param name="frame">The buffer a save frames the record in, at least
        /// <see cref="FrameBytes"/>(<paramref name="maxPayloadBytes"/>) long; null allocates one. Stores
        /// whose saves never overlap (one writer thread) can share one.</param>
        public DurableRecordStore(IFileStore files, string name, int maxPayloadBytes, byte[] frame)
        {
            if (files == null) throw new ArgumentNullException("files");
            if (maxPayloadBytes <= 0) throw new ArgumentOutOfRangeException("maxPayloadBytes");
            if (frame != null && frame.Length < FrameBytes(maxPayloadBytes)) throw new ArgumentException("frame is shorter than a framed record", "frame");
            _files = files;
            _slotNames = new[] { name + ".a", name + ".b" };
            _frame = frame != null ? frame : new byte[FrameBytes(maxPayloadBytes)];
            MaxPayloadBytes = maxPayloadBytes;
        }

        /// <summary>Bytes a framed record of <paramref name="maxPayloadBytes"/> takes on flash.</summary>
        public static int FrameBytes(int maxPayloadBytes)
        {
            return HeaderBytes + maxPayloadBytes + TrailerBytes;
        }

        public int MaxPayloadBytes { get; private set; }

        /// <summary>Sequence number of the newest record loaded or saved (0 when none).</summary>
        public uint Sequence
        {
            get { return _sequence; }
        }

        /// <summary>Slots found unreadable by the last <see cref="TryLoad"/> (a torn write shows here).</summary>
        public int CorruptSlotsSeen { get; private set; }

        /// <summary>
        /// Copies the newest intact record into <paramref name="destination"/>. False when neither
        /// slot holds one (first boot, or both damaged).
        /// </summary>
        public bool TryLoad(byte[] destination, out int length)
        {
            length = 0;
            byte[] best;
            int bestLength;
            if (!FindNewest(out best, out bestLength)) return false;
            if (bestLength > destination.Length)
            {
                throw new InvalidOperationException("stored record is larger than the destination buffer");
            }
            Array.Copy(best, HeaderBytes, destination, 0, bestLength);
            length = bestLength;
            return true;
        }

        /// <summary>
        /// Finds the newest intact slot and its sequence without copying the record out, so that the
        /// next save goes to the other slot. True when a slot holds one.
        /// </summary>
        public bool Locate()
        {
            byte[] ignored;
            int ignoredLength;
            return FindNewest(out ignored, out ignoredLength);
        }

        private bool FindNewest(out byte[] best, out int bestLength)
        {
            CorruptSlotsSeen = 0;
            _newestSlot = -1;
            best = null;
            bestLength = 0;
            uint bestSeq = 0;
            for (int slot = 0; slot < 2; slot++)
            {
                byte[] raw = _files.Read(_slotNames[slot]);
                if (raw == null) continue;
                uint seq;
                int payloadLength;
                if (!IsIntact(raw, out seq, out payloadLength))
                {
                    CorruptSlotsSeen++;
                    continue;
                }
                if (best == null || IsNewer(seq, bestSeq))
                {
                    best = raw;
                    bestSeq = seq;
                    bestLength = payloadLength;
                    _newestSlot = slot;
                }
            }
            if (best == null) return false;
            _sequence = bestSeq;
            return true;
        }

        /// <summary>Writes a new record into the older slot. The previous record stays intact
        /// until this one is completely written.</summary>
        public void Save(byte[] payload, int length)
        {
            CheckLength(length);
            Array.Copy(payload, 0, _frame, HeaderBytes, length);
            FrameAndWrite(length);
        }

        /// <summary>
        /// The frame buffer. A writer may build the payload at its start, [0, length), and call
        /// <see cref="SaveInPlace"/>: the record then needs no buffer of its own (on the ESP32 the recipe's
        /// would be 6 KB of an 80 KB heap).
        /// </summary>
        public byte[] Frame
        {
            get { return _frame; }
        }

        /// <summary>Saves the payload written at the start of <see cref="Frame"/>, as <see cref="Save"/> does.</summary>
        public void SaveInPlace(int length)
        {
            CheckLength(length);
            // Moved right past the header in the same buffer: back to front, as source and destination overlap.
            for (int i = length - 1; i >= 0; i--) _frame[HeaderBytes + i] = _frame[i];
            FrameAndWrite(length);
        }

        private void CheckLength(int length)
        {
            if (length < 0 || length > MaxPayloadBytes)
            {
                throw new ArgumentOutOfRangeException("length", "record of " + length + " bytes exceeds " + MaxPayloadBytes);
            }
        }

        // The payload is at [HeaderBytes, HeaderBytes + length) of the frame.
        private void FrameAndWrite(int length)
        {
            // Never loaded: find out which slot is newest, so that a save cannot overwrite it.
            if (_newestSlot < 0 && _sequence == 0) Locate();
            uint seq = _sequence + 1;
            PutUInt32(_frame, 0, Magic);
            PutUInt32(_frame, 4, seq);
            PutUInt32(_frame, 8, (uint)length);
            uint crc = Crc32.Compute(_frame, 0, HeaderBytes + length);
            PutUInt32(_frame, HeaderBytes + length, crc);

            int slot = _newestSlot == 0 ? 1 : 0;
            _files.Write(_slotNames[slot], _frame, HeaderBytes + length + TrailerBytes);
            _sequence = seq;
            _newestSlot = slot;
        }

        /// <summary>Removes both slots (a batch that ended needs no recovery record).</summary>
        public void Clear()
        {
            _files.Delete(_slotNames[0]);
            _files.Delete(_slotNames[1]);
            _newestSlot = -1;
        }

        private static bool IsIntact(byte[] raw, out uint seq, out int payloadLength)
        {
            seq = 0;
            payloadLength = 0;
            if (raw.Length < HeaderBytes + TrailerBytes) return false;
            if (GetUInt32(raw, 0) != Magic) return false;
            uint declared = GetUInt32(raw, 8);
            if (declared > (uint)(raw.Length - HeaderBytes - TrailerBytes)) return false;
            int len = (int)declared;
            if (raw.Length != HeaderBytes + len + TrailerBytes) return false;
            if (Crc32.Compute(raw, 0, HeaderBytes + len) != GetUInt32(raw, HeaderBytes + len)) return false;
            seq = GetUInt32(raw, 4);
            payloadLength = len;
            return true;
        }

        // Serial-number comparison, so that wrap-around of the 32-bit sequence stays ordered.
        private static bool IsNewer(uint a, uint b)
        {
            return (int)(a - b) > 0;
        }

        private static void PutUInt32(byte[] b, int at, uint v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        private static uint GetUInt32(byte[] b, int at)
        {
            return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
        }
    }
}
