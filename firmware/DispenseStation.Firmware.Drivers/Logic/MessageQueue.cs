namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// Bounded FIFO of received MQTT messages between the client's receive thread and the station
    /// loop. When full, the newest message is dropped and counted: commands carry ids and the
    /// gateway retries unanswered ones, so dropping is safe and memory stays bounded.
    /// </summary>
    public sealed class MessageQueue
    {
        private readonly object _gate = new object();
        private readonly string[] _topics;
        private readonly byte[][] _payloads;
        private int _head;
        private int _count;
        private int _dropped;

        public MessageQueue(int capacity)
        {
            if (capacity <= 0) throw new System.ArgumentOutOfRangeException("capacity", "must be positive");
            _topics = new string[capacity];
            _payloads = new byte[capacity][];
        }

        public int Capacity { get { return _topics.Length; } }

        public int Count { get { lock (_gate) { return _count; } } }

        public int Dropped { get { lock (_gate) { return _dropped; } } }

        /// <summary>False (and counted) when the queue is full.</summary>
        public bool Enqueue(string topic, byte[] payload)
        {
            if (topic == null) throw new System.ArgumentNullException("topic");
            lock (_gate)
            {
                if (_count == _topics.Length)
                {
                    _dropped++;
                    return false;
                }
                int tail = (_head + _count) % _topics.Length;
                _topics[tail] = topic;
                _payloads[tail] = payload ?? new byte[0];
                _count++;
                return true;
            }
        }

        public bool TryDequeue(out string topic, out byte[] payload)
        {
            lock (_gate)
            {
                if (_count == 0)
                {
                    topic = null;
                    payload = null;
                    return false;
                }
                topic = _topics[_head];
                payload = _payloads[_head];
                _topics[_head] = null;
                _payloads[_head] = null;
                _head = (_head + 1) % _topics.Length;
                _count--;
                return true;
            }
        }
    }
}
