namespace DispenseStation.Firmware.Station.Link
{
    /// <summary>
    /// The last N command ids with the answer each got, so that a command delivered twice (QoS 1
    /// re-delivery, a gateway retry) is answered again with the same result and applied only once.
    /// </summary>
    public sealed class CommandLedger
    {
        private readonly string[] _ids;
        private readonly bool[] _accepted;
        private readonly string[] _reasons;
        private int _next;

        public CommandLedger(int capacity)
        {
            _ids = new string[capacity];
            _accepted = new bool[capacity];
            _reasons = new string[capacity];
        }

        public bool TryFind(string id, out bool accepted, out string reason)
        {
            for (int i = 0; i < _ids.Length; i++)
            {
                if (_ids[i] != null && _ids[i] == id)
                {
                    accepted = _accepted[i];
                    reason = _reasons[i];
                    return true;
                }
            }
            accepted = false;
            reason = null;
            return false;
        }

        public void Remember(string id, bool accepted, string reason)
        {
            _ids[_next] = id;
            _accepted[_next] = accepted;
            _reasons[_next] = reason;
            _next = (_next + 1) % _ids.Length;
        }
    }
}
