namespace DispenseStation.Firmware.Drivers.Devices.SicsBalance
{
    /// <summary>What one MT-SICS reply line says (MT-SICS reference manual, level 0/1 replies).</summary>
    public static class SicsReplyKind
    {
        /// <summary>"S S  value g": stable weight.</summary>
        public const int StableWeight = 1;
        /// <summary>"S D  value g": dynamic (not yet stable) weight, what SIR streams while liquid flows.</summary>
        public const int DynamicWeight = 2;
        /// <summary>"x I": command understood but not executable now (balance busy, e.g. adjusting).</summary>
        public const int Busy = 3;
        /// <summary>"x +": balance in overload range.</summary>
        public const int Overload = 4;
        /// <summary>"x -": balance in underload range (pan lifted or missing).</summary>
        public const int Underload = 5;
        /// <summary>"ES": syntax error, the balance did not recognise the command.</summary>
        public const int SyntaxError = 6;
        /// <summary>"ET": transmission error (parity, framing: check baud rate and format).</summary>
        public const int TransmissionError = 7;
        /// <summary>"EL": logical error, the command cannot be executed.</summary>
        public const int LogicalError = 8;
        /// <summary>"Z A", "T S ...", "TA A ...", "I4 A ...": a command acknowledged.</summary>
        public const int Acknowledged = 9;
        /// <summary>A line that is not MT-SICS, or a weight in another unit than grams.</summary>
        public const int Garbage = 10;

        public static bool IsWeight(int kind) { return kind == StableWeight || kind == DynamicWeight; }

        /// <summary>Words a technician reads in an alarm; constant strings, no allocation.</summary>
        public static string Describe(int kind)
        {
            switch (kind)
            {
                case StableWeight: return "stable weight";
                case DynamicWeight: return "dynamic weight";
                case Busy: return "balance busy: command not executable now";
                case Overload: return "balance overloaded: too much on the pan";
                case Underload: return "balance underloaded: pan lifted or missing";
                case SyntaxError: return "balance did not recognise the command (ES)";
                case TransmissionError: return "transmission error (ET): check baud rate, parity and cable";
                case LogicalError: return "balance cannot execute the command (EL)";
                case Acknowledged: return "acknowledged";
                default: return "not an MT-SICS reply (or not in grams): check the balance's interface settings";
            }
        }
    }
}
