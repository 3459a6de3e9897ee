namespace DispenseStation.Firmware.Drivers.Devices.SicsBalance
{
    /// <summary>
    /// Parses one MT-SICS reply line (without its CR LF) into a <see cref="SicsReplyKind"/> and,
    /// for weights, grams. Replies are an identifier ("S" for S/SI/SIR, "Z", "ZI", "T", "TA",
    /// "I4" for @), a status, then for weights a value right-aligned in a 10-character field and
    /// the unit: "S S      12.3456 g". Anything else is <see cref="SicsReplyKind.Garbage"/>, never
    /// a weight; a weight in another unit than "g" is garbage too (the balance is set up wrong).
    /// Allocation-free: it only reads the bytes.
    /// </summary>
    public static class SicsReplyParser
    {
        private const byte Space = 0x20;

        /// <summary>Grams of the last weight parsed (valid when the kind returned is a weight).</summary>
        public static int Parse(byte[] line, int length, out double grams)
        {
            grams = 0;
            if (line == null || length <= 0 || length > line.Length) return SicsReplyKind.Garbage;
            for (int i = 0; i < length; i++)
            {
                byte b = line[i];
                if (b < Space || b > 0x7E) return SicsReplyKind.Garbage;
            }

            int idStart, idEnd, stStart, stEnd;
            int p = NextToken(line, 0, length, out idStart, out idEnd);
            if (idStart < 0) return SicsReplyKind.Garbage;
            int idLength = idEnd - idStart;
            if (idLength == 2 && line[idStart] == (byte)'E' && NextToken(line, p, length, out stStart, out stEnd) == length && stStart < 0)
            {
                switch (line[idStart + 1])
                {
                    case (byte)'S': return SicsReplyKind.SyntaxError;
                    case (byte)'T': return SicsReplyKind.TransmissionError;
                    case (byte)'L': return SicsReplyKind.LogicalError;
                }
                return SicsReplyKind.Garbage;
            }
            if (!IsKnownId(line, idStart, idLength)) return SicsReplyKind.Garbage;

            p = NextToken(line, p, length, out stStart, out stEnd);
            if (stStart < 0 || stEnd - stStart != 1) return SicsReplyKind.Garbage;
            byte status = line[stStart];
            bool weightReply = idLength == 1 && line[idStart] == (byte)'S';
            bool valueReply = weightReply || (idLength == 1 && line[idStart] == (byte)'T') || (idLength == 2 && line[idStart] == (byte)'T');
            bool rest = HasMore(line, p, length);

            if (status == (byte)'I') return rest ? SicsReplyKind.Garbage : SicsReplyKind.Busy;
            if (status == (byte)'+') return rest ? SicsReplyKind.Garbage : SicsReplyKind.Overload;
            if (status == (byte)'-') return rest ? SicsReplyKind.Garbage : SicsReplyKind.Underload;

            if (weightReply)
            {
                if (status != (byte)'S' && status != (byte)'D') return SicsReplyKind.Garbage;
                if (!ParseValueAndGramUnit(line, p, length, out grams)) { grams = 0; return SicsReplyKind.Garbage; }
                return status == (byte)'S' ? SicsReplyKind.StableWeight : SicsReplyKind.DynamicWeight;
            }
            // Z A, ZI S/D, T S value g, TA A value g, I4 A "serial": acknowledgements.
            if (status != (byte)'A' && status != (byte)'S' && status != (byte)'D') return SicsReplyKind.Garbage;
            if (valueReply)
            {
                double ignored;
                if (!ParseValueAndGramUnit(line, p, length, out ignored)) return SicsReplyKind.Garbage;
            }
            else if (rest && !(idLength == 2 && line[idStart] == (byte)'I')) return SicsReplyKind.Garbage;
            return SicsReplyKind.Acknowledged;
        }

        private static bool IsKnownId(byte[] line, int start, int length)
        {
            byte a = line[start];
            if (length == 1) return a == (byte)'S' || a == (byte)'Z' || a == (byte)'T';
            if (length != 2) return false;
            byte b = line[start + 1];
            return (a == (byte)'Z' && b == (byte)'I') || (a == (byte)'T' && b == (byte)'A') || (a == (byte)'I' && b == (byte)'4');
        }

        /// <returns>position after the token; start is -1 when there is none</returns>
        private static int NextToken(byte[] line, int from, int length, out int start, out int end)
        {
            int i = from;
            while (i < length && line[i] == Space) i++;
            if (i >= length) { start = end = -1; return length; }
            start = i;
            while (i < length && line[i] != Space) i++;
            end = i;
            return i;
        }

        private static bool HasMore(byte[] line, int from, int length)
        {
            for (int i = from; i < length; i++) if (line[i] != Space) return true;
            return false;
        }

        /// <summary>"[-]digits[.digits] g", the sign possibly apart from the digits ("-   0.12").</summary>
        private static bool ParseValueAndGramUnit(byte[] line, int from, int length, out double grams)
        {
            grams = 0;
            int i = from;
            while (i < length && line[i] == Space) i++;
            bool negative = false;
            if (i < length && (line[i] == (byte)'-' || line[i] == (byte)'+'))
            {
                negative = line[i] == (byte)'-';
                i++;
                while (i < length && line[i] == Space) i++;
            }
            double whole = 0, fraction = 0, scale = 1;
            int digits = 0;
            while (i < length && line[i] >= (byte)'0' && line[i] <= (byte)'9')
            {
                whole = whole * 10 + (line[i] - (byte)'0');
                digits++;
                i++;
            }
            if (i < length && line[i] == (byte)'.')
            {
                i++;
                while (i < length && line[i] >= (byte)'0' && line[i] <= (byte)'9')
                {
                    scale /= 10;
                    fraction += (line[i] - (byte)'0') * scale;
                    digits++;
                    i++;
                }
            }
            if (digits == 0 || digits > 12) return false;
            if (i >= length || line[i] != Space) return false;
            while (i < length && line[i] == Space) i++;
            if (i >= length || line[i] != (byte)'g') return false;
            i++;
            if (HasMore(line, i, length)) return false;
            grams = negative ? -(whole + fraction) : whole + fraction;
            return true;
        }
    }
}
