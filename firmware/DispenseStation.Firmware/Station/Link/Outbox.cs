using System;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Station.Link
{
    /// <summary>
    /// Bounded, ordered queue of outgoing messages (events, command results) packed into one byte
    /// ring allocated at construction: each message is a 2-byte prefix (its length, and whether it is
    /// retained) and its bytes, so a 150-byte event takes 152 bytes rather than a slot of the largest
    /// message. The queue holds at most <see cref="Capacity"/> messages and <see cref="RingBytes"/>
    /// bytes; a message of up to <see cref="MaxMessageBytes"/> always fits. Messages leave in the order
    /// they were queued, only when the link accepted them. When a new message does not fit, the oldest
    /// are dropped until it does and counted in <see cref="Lost"/>, which the station reports (an
    /// outbox-overflow event) once it can. Enqueue and flush allocate nothing.
    /// </summary>
    public sealed class Outbox
    {
        private const int PrefixBytes = 2;
        private const int RetainBit = 0x8000;

        private readonly string[] _topics; // topics are built once: kept by reference
        private readonly byte[] _ring;
        private int _head;      // oldest message, index into _topics
        private int _count;
        private int _headByte;  // its prefix, index into _ring
        private int _usedBytes;

        /// <summary>Room for <paramref name="capacity"/> messages in a ring of <paramref name="ringBytes"/>
        /// bytes (at least one largest message and its prefix).</summary>
        public Outbox(int capacity, int maxMessageBytes, int ringBytes)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException("capacity");
            if (maxMessageBytes < 1 || maxMessageBytes >= RetainBit) throw new ArgumentOutOfRangeException("maxMessageBytes");
            if (ringBytes < maxMessageBytes + PrefixBytes) throw new ArgumentOutOfRangeException("ringBytes", "must hold one message of maxMessageBytes and its prefix");
            _topics = new string[capacity];
            _ring = new byte[ringBytes];
            MaxMessageBytes = maxMessageBytes;
        }

        /// <summary>Bytes the ring needs to hold <paramref name="messages"/> messages of <paramref name="bytes"/> each.</summary>
        public static int RingBytesFor(int messages, int bytes)
        {
            return messages * (bytes + PrefixBytes);
        }

        public int Capacity
        {
            get { return _topics.Length; }
        }

        public int RingBytes
        {
            get { return _ring.Length; }
        }

        public int MaxMessageBytes { get; private set; }

        public int Count
        {
            get { return _count; }
        }

        /// <summary>Bytes queued, prefixes included.</summary>
        public int UsedBytes
        {
            get { return _usedBytes; }
        }

        /// <summary>Messages dropped because the queue was full, since the last <see cref="TakeLost"/>.</summary>
        public int Lost { get; private set; }

        /// <summary>Copies the message in. The topic string is kept by reference (topics are built once).</summary>
        public void Enqueue(string topic, byte[] payload, int length, bool retain)
        {
            if (length > MaxMessageBytes)
            {
                throw new ArgumentOutOfRangeException("length", "message of " + length + " bytes exceeds the outbox limit of " + MaxMessageBytes);
            }
            int need = length + PrefixBytes;
            while (_count == _topics.Length || _usedBytes + need > _ring.Length)
            {
                DropOldest();
                Lost++;
            }
            int slot = (_head + _count) % _topics.Length;
            _topics[slot] = topic;
            int at = (_headByte + _usedBytes) % _ring.Length;
            int prefix = length | (retain ? RetainBit : 0);
            _ring[at] = (byte)prefix;
            _ring[(at + 1) % _ring.Length] = (byte)(prefix >> 8);
            CopyIn(payload, length, (at + PrefixBytes) % _ring.Length);
            _usedBytes += need;
            _count++;
        }

        /// <summary>Publishes queued messages in order until the link refuses one or
        /// <paramref name="maxMessages"/> went out. Each is copied to the start of <paramref name="scratch"/>
        /// (at least <see cref="MaxMessageBytes"/> long, the caller's, free during the call) and published
        /// from there: the link takes the first bytes of an array. Returns how many were sent.</summary>
        public int Flush(IMessageLink link, int maxMessages, byte[] scratch)
        {
            if (scratch == null || scratch.Length < MaxMessageBytes) throw new ArgumentException("scratch: must hold a message of MaxMessageBytes", "scratch");
            int sent = 0;
            while (_count > 0 && sent < maxMessages && link.IsConnected)
            {
                int prefix = HeadPrefix();
                int length = prefix & ~RetainBit;
                CopyOut((_headByte + PrefixBytes) % _ring.Length, scratch, length);
                if (!link.Publish(_topics[_head], scratch, length, (prefix & RetainBit) != 0)) break;
                DropOldest();
                sent++;
            }
            return sent;
        }

        /// <summary>Returns and resets the loss counter (after the loss was reported).</summary>
        public int TakeLost()
        {
            int lost = Lost;
            Lost = 0;
            return lost;
        }

        private int HeadPrefix()
        {
            return _ring[_headByte] | (_ring[(_headByte + 1) % _ring.Length] << 8);
        }

        private void DropOldest()
        {
            int taken = (HeadPrefix() & ~RetainBit) + PrefixBytes;
            _topics[_head] = null;
            _head = (_head + 1) % _topics.Length;
            _count--;
            _headByte = (_headByte + taken) % _ring.Length;
            _usedBytes -= taken;
        }

        // A message may wrap past the ring's end: copied in two parts.
        private void CopyIn(byte[] source, int length, int at)
        {
            int first = _ring.Length - at;
            if (first >= length)
            {
                Array.Copy(source, 0, _ring, at, length);
                return;
            }
            Array.Copy(source, 0, _ring, at, first);
            Array.Copy(source, first, _ring, 0, length - first);
        }

        private void CopyOut(int at, byte[] destination, int length)
        {
            int first = _ring.Length - at;
            if (first >= length)
            {
                Array.Copy(_ring, at, destination, 0, length);
                return;
            }
            Array.Copy(_ring, at, destination, 0, first);
            Array.Copy(_ring, 0, destination, first, length - first);
        }
    }
}
