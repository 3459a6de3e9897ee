namespace DispenseStation.Protocol.Time
{
    /// <summary>
    /// ISO-8601 UTC text of a Unix time in milliseconds, "2026-12-01T06:30:00.123Z" (always 24
    /// characters, years 1970-9999), written into a caller's byte array with integer arithmetic only:
    /// nanoFramework's DateTime formatting allocates, and the station writes this into every message
    /// of its control tick. Days to civil date after H. Hinnant's "chrono-compatible low-level date
    /// algorithms" (days_from_civil / civil_from_days).
    /// </summary>
    public static class UtcText
    {
        public const int Length = 24;

        /// <summary>Largest time written: 9999-12-31T23:59:59.999Z.</summary>
        public const long MaxUnixMs = 253402300799999L;

        /// <summary>Writes the 24 ASCII bytes at <paramref name="at"/>; false (nothing written) when
        /// <paramref name="unixMs"/> is outside 0..<see cref="MaxUnixMs"/> or the array is too short.</summary>
        public static bool TryWrite(long unixMs, byte[] into, int at)
        {
            if (unixMs < 0 || unixMs > MaxUnixMs || into == null || at < 0 || at + Length > into.Length) return false;
            long days = unixMs / 86400000L;
            int msOfDay = (int)(unixMs - days * 86400000L);

            // civil_from_days: eras of 400 years (146097 days) starting 0000-03-01.
            long z = days + 719468;
            long era = z / 146097;
            int doe = (int)(z - era * 146097);
            int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            int mp = (5 * doy + 2) / 153;
            int day = doy - (153 * mp + 2) / 5 + 1;
            int month = mp < 10 ? mp + 3 : mp - 9;
            int year = (int)(yoe + era * 400) + (month <= 2 ? 1 : 0);

            Digits(into, at, year, 4);
            into[at + 4] = (byte)'-';
            Digits(into, at + 5, month, 2);
            into[at + 7] = (byte)'-';
            Digits(into, at + 8, day, 2);
            into[at + 10] = (byte)'T';
            Digits(into, at + 11, msOfDay / 3600000, 2);
            into[at + 13] = (byte)':';
            Digits(into, at + 14, msOfDay / 60000 % 60, 2);
            into[at + 16] = (byte)':';
            Digits(into, at + 17, msOfDay / 1000 % 60, 2);
            into[at + 19] = (byte)'.';
            Digits(into, at + 20, msOfDay % 1000, 3);
            into[at + 23] = (byte)'Z';
            return true;
        }

        /// <summary>
        /// Unix ms of an ISO-8601 UTC time in one of the two forms this protocol writes,
        /// "2026-11-25T16:40:00Z" or "2026-11-25T16:40:00.123Z" (years 1970-9999); -1 for anything
        /// else (wrong length or separator, a non-digit, month 13, 30 February, hour 24, null).
        /// Integer arithmetic only (days_from_civil), as <see cref="TryWrite"/>.
        /// </summary>
        public static long Parse(string text)
        {
            if (text == null || (text.Length != 20 && text.Length != Length)) return -1;
            if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[text.Length - 1] != 'Z') return -1;
            int year = Number(text, 0, 4), month = Number(text, 5, 2), day = Number(text, 8, 2);
            int hour = Number(text, 11, 2), minute = Number(text, 14, 2), second = Number(text, 17, 2);
            int ms = 0;
            if (text.Length == Length)
            {
                if (text[19] != '.') return -1;
                ms = Number(text, 20, 3);
            }
            if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || ms < 0) return -1;
            if (day > DaysIn(year, month)) return -1;

            // days_from_civil
            int y = month <= 2 ? year - 1 : year;
            int era = y / 400;
            int yoe = y - era * 400;
            int mp = month > 2 ? month - 3 : month + 9;
            int doy = (153 * mp + 2) / 5 + day - 1;
            int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            long days = (long)era * 146097 + doe - 719468;
            return days * 86400000L + hour * 3600000L + minute * 60000L + second * 1000L + ms;
        }

        private static int DaysIn(int year, int month)
        {
            if (month == 2) return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        /// <summary>The decimal number in text[at..at+count), or -1 if any of it is not a digit.</summary>
        private static int Number(string text, int at, int count)
        {
            int value = 0;
            for (int i = at; i < at + count; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return -1;
                value = value * 10 + (c - '0');
            }
            return value;
        }

        private static void Digits(byte[] into, int at, int value, int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                into[at + i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }
    }
}
