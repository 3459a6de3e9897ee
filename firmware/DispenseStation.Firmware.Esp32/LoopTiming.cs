namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// Time the control tick takes on the device, for the budget (hardware/BUDGET.md): mean and
    /// worst tick in microseconds and the periods that overran, per reporting window. Fixed fields
    /// only, so recording allocates nothing.
    /// </summary>
    public sealed class LoopTiming
    {
        private long _sumUs;
        private long _maxUs;
        private int _ticks;
        private int _overruns;

        public int Ticks { get { return _ticks; } }
        public int Overruns { get { return _overruns; } }
        public long MaxUs { get { return _maxUs; } }
        public long MeanUs { get { return _ticks == 0 ? 0 : _sumUs / _ticks; } }

        /// <summary>One tick that took <paramref name="tickUs"/>; overran when it left no time to sleep.</summary>
        public void Record(long tickUs, bool overran)
        {
            _ticks++;
            _sumUs += tickUs;
            if (tickUs > _maxUs) _maxUs = tickUs;
            if (overran) _overruns++;
        }

        public void Reset()
        {
            _sumUs = 0;
            _maxUs = 0;
            _ticks = 0;
            _overruns = 0;
        }
    }
}
