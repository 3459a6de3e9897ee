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
