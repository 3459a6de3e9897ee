using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.Devices.SicsBalance
{
    /// <summary>
    /// A laboratory balance speaking MT-SICS over RS-232, behind the core's load-cell port. It
    /// resets the balance's interface ("@"), then asks for every weight ("SIR": stable and dynamic
    /// values as fast as the balance makes them) and hands each one to the core as counts of the
    /// readability (0.1 mg readability: 1 count = 0.1 mg, so the core calibrates with zero 0 and
    /// 1/readability counts per gram). Overload and underload read as the ADC rails, so the core
    /// sees them as a saturated scale; busy, error and garbage replies are never weights: they are
    /// counted and the last one is kept byte for byte for the alarm text. Silence means no sample,
    /// which the core reports as a silent scale; after <c>resendMs</c> of silence it sends "SIR"
    /// again, so a balance unplugged and plugged back resumes. Call <see cref="TryRead"/> (or
    /// <see cref="Service"/>) every control tick; neither allocates.
    /// </summary>
    public sealed class SicsBalanceAdc : ILoadCellAdc
    {
        /// <summary>The core's rails (WeighScale.AdcMax/AdcMin): overload and underload land here.</summary>
        public const int RailHigh = 0x7FFFFF;
        public const int RailLow = -0x800000;
        /// <summary>An MT-SICS reply is far shorter; a longer line is garbage and is cut.</summary>
        public const int MaxLineBytes = 64;

        private static readonly byte[] ResetCommand = { (byte)'@', 13, 10 };
        private static readonly byte[] StreamCommand = { (byte)'S', (byte)'I', (byte)'R', 13, 10 };

        private readonly ISerialLink _link;
        private readonly IClock _clock;
        private readonly double _readability;
        private readonly int _samplesPerSecond;
        private readonly int _resendMs;
        private readonly byte[] _rx = new byte[64];
        private readonly byte[] _line = new byte[MaxLineBytes];
        private readonly byte[] _lastBad = new byte[MaxLineBytes];
        private int _lineLength;
        private bool _lineOverflow;
        private int _lastBadLength;
        private long _lastLineMs;
        private long _lastRequestMs;
        private int _pendingCounts;
        private bool _pending;

        /// <param name="readabilityGrams">the balance's display step, e.g. 0.0001 for 0.1 mg</param>
        /// <param name="samplesPerSecond">weights per second the balance streams with SIR (from its manual)</param>
        /// <param name="resendMs">silence after which "SIR" is sent again</param>
        public SicsBalanceAdc(ISerialLink link, IClock clock, double readabilityGrams, int samplesPerSecond, int resendMs)
        {
            if (link == null) throw new System.ArgumentNullException("link");
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (!(readabilityGrams > 0 && readabilityGrams <= 1)) throw new System.ArgumentException("readabilityGrams must be in (0, 1] g");
            if (samplesPerSecond < 1 || samplesPerSecond > 100) throw new System.ArgumentException("samplesPerSecond must be in [1, 100]");
            if (resendMs < 100) throw new System.ArgumentException("resendMs must be >= 100 ms");
            _link = link;
            _clock = clock;
            _readability = readabilityGrams;
            _samplesPerSecond = samplesPerSecond;
            _resendMs = resendMs;
        }

        public int SamplesPerSecond { get { return _samplesPerSecond; } }
        /// <summary>Counts per gram the core's calibration must use: 1 / readability.</summary>
        public double CountsPerGram { get { return 1.0 / _readability; } }
        public long WeightCount { get; private set; }
        /// <summary>Last weight reply was stable ("S S") rather than dynamic ("S D").</summary>
        public bool LastWeightStable { get; private set; }
        /// <summary>Replies that were not weights: busy, overload/underload, errors, garbage.</summary>
        public long BadReplyCount { get; private set; }
        /// <summary>Kind of the last reply that was not a weight (0 when none yet).</summary>
        public int LastBadKind { get; private set; }
        /// <summary>The port reported itself gone on the last read or write.</summary>
        public bool PortGone { get; private set; }

        /// <summary>Resets the balance's interface and starts the weight stream.</summary>
        public void Start()
        {
            PortGone = !_link.Write(ResetCommand, 0, ResetCommand.Length);
            RequestStream(_clock.UptimeMs);
            _lastLineMs = _clock.UptimeMs;
        }

        public bool TryRead(out int rawCounts)
        {
            Service();
            rawCounts = _pendingCounts;
            if (!_pending) return false;
            _pending = false;
            return true;
        }

        /// <summary>Reads what arrived, parses complete lines, re-requests the stream after silence.</summary>
        public void Service()
        {
            long now = _clock.UptimeMs;
            int n;
            while ((n = _link.Read(_rx, 0, _rx.Length)) > 0)
            {
                PortGone = false;
                for (int i = 0; i < n; i++) Accept(_rx[i], now);
            }
            if (n < 0) PortGone = true;
            if (now - _lastLineMs >= _resendMs && now - _lastRequestMs >= _resendMs) RequestStream(now);
        }

        /// <summary>The last bad reply quoted, for the alarm: built on demand (allocates; never in the tick).</summary>
        public string DescribeLastBadReply()
        {
            if (LastBadKind == 0) return "no bad reply";
            char[] text = new char[_lastBadLength];
            for (int i = 0; i < _lastBadLength; i++)
            {
                byte b = _lastBad[i];
                text[i] = b >= 0x20 && b <= 0x7E ? (char)b : '?';
            }
            return SicsReplyKind.Describe(LastBadKind) + ": balance replied \"" + new string(text) + "\"";
        }

        private void RequestStream(long now)
        {
            _lastRequestMs = now;
            PortGone = !_link.Write(StreamCommand, 0, StreamCommand.Length);
        }

        private void Accept(byte b, long now)
        {
            if (b == 10)
            {
                int length = _lineLength;
                if (length > 0 && _line[length - 1] == 13) length--;
                if (_lineOverflow) RecordBad(SicsReplyKind.Garbage, length);
                else if (length > 0) HandleLine(length, now);
                _lineLength = 0;
                _lineOverflow = false;
                return;
            }
            if (_lineLength < _line.Length) _line[_lineLength++] = b;
            else _lineOverflow = true;
        }

        private void HandleLine(int length, long now)
        {
            _lastLineMs = now;
            double grams;
            int kind = SicsReplyParser.Parse(_line, length, out grams);
            if (SicsReplyKind.IsWeight(kind))
            {
                double counts = grams / _readability;
                _pendingCounts = counts >= RailHigh ? RailHigh - 1 : counts <= RailLow ? RailLow + 1 : (int)(counts + (counts >= 0 ? 0.5 : -0.5));
                _pending = true;
                LastWeightStable = kind == SicsReplyKind.StableWeight;
                WeightCount++;
                return;
            }
            if (kind == SicsReplyKind.Acknowledged) return;
            RecordBad(kind, length);
            // Over- and underload are states of the pan the core must see, as a saturated reading.
            if (kind == SicsReplyKind.Overload) { _pendingCounts = RailHigh; _pending = true; }
            else if (kind == SicsReplyKind.Underload) { _pendingCounts = RailLow; _pending = true; }
        }

        private void RecordBad(int kind, int length)
        {
            BadReplyCount++;
            LastBadKind = kind;
            _lastBadLength = length > _lastBad.Length ? _lastBad.Length : length;
            for (int i = 0; i < _lastBadLength; i++) _lastBad[i] = _line[i];
        }
    }
}
