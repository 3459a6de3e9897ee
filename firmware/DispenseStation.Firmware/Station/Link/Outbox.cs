using System;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Station.Link
{
    /// <summary>
    /// Bounded, ordered queue of outgoing messages (events, command results) in preallocated slots.
    /// Messages leave in the order they were queued, only when the link accepted them. When the queue
    /// is full the oldest message is dropped and counted in <see cref="Lost"/>, which the station
    /// reports (an outbox-overflow event) once it can.
    /// </summary>
    public sealed class Outbox
    {
        private readonly string[] _topics;
        private readonly byte[][] _payloads;
        private readonly int[] _lengths;
        private readonly bool[] _retain;
        private int _head;
        private int _count;

        public Outbox(int capacity, int maxMessageBytes)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException("capacity");
            _topics = new string[capacity];
            _payloads = new byte[capacity][];
            _lengths = new int[capacity];
            _retain = new bool[capacity];
            for (int i = 0; i < capacity; i++) _payloads[i] = new byte[maxMessageBytes];
            MaxMessageBytes = maxMessageBytes;
        }

        public int Capacity
        {
            get { return _topics.Length; }
        }

        public int MaxMessageBytes { get; private set; }

        public int Count
        {
            get { return _count; }
        }

        /// <summary>Messages dropped because the queue was full, since the last <see cref="TakeLost"/>.</summary>
        public int Lost { get; private set; }

        /// <summary>Copies the message in. The topic string is kept by reference (topics are built once).</summary>
        public void Enqueue(string topic, byte[] payload, int length, bool retain)
        {
            if (length > MaxMessageBytes)
            {
                throw new ArgumentOutOfRangeException("length", "message of " + length + " bytes exceeds the outbox slot of " + MaxMessageBytes);
            }
            if (_count == _topics.Length)
            {
                _head = (_head + 1) % _topics.Length;
                _count--;
                Lost++;
            }
            int slot = (_head + _count) % _topics.Length;
            _topics[slot] = topic;
            Array.Copy(payload, 0, _payloads[slot], 0, length);
            _lengths[slot] = length;
            _retain[slot] = retain;
            _count++;
        }

        /// <summary>Publishes queued messages in order until the link refuses one or
        /// <paramref name="maxMessages"/> went out. Returns how many were sent.</summary>
        public int Flush(IMessageLink link, int maxMessages)
        {
            int sent = 0;
            while (_count > 0 && sent < maxMessages && link.IsConnected)
            {
                if (!link.Publish(_topics[_head], _payloads[_head], _lengths[_head], _retain[_head])) break;
                _topics[_head] = null;
                _head = (_head + 1) % _topics.Length;
                _count--;
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
    }
}
