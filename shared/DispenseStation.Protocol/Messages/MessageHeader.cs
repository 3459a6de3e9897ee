using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>The JSON names shared by every station message, and small reading and writing helpers.</summary>
    internal static class MessageHeader
    {
        public const string Seq = "seq";
        public const string Ts = "ts";
        public const string Utc = "utc";

        /// <summary>Writes "seq", "ts" and (when known) "utc"; negative numbers mean absent.</summary>
        public static void Write(JsonWriter w, long seq, long uptimeMs, string utc)
        {
            if (seq >= 0) w.WriteIntegerProperty(Seq, seq);
            if (uptimeMs >= 0) w.WriteIntegerProperty(Ts, uptimeMs);
            if (utc != null) w.WriteStringProperty(Utc, utc);
        }

        /// <summary>As above; with no UTC text, "utc" is written from <paramref name="utcMs"/> (Unix ms)
        /// when that is known (not negative): the station's allocation-free path.</summary>
        public static void Write(JsonWriter w, long seq, long uptimeMs, string utc, long utcMs)
        {
            Write(w, seq, uptimeMs, utc);
            if (utc == null && utcMs >= 0) w.WriteUtcProperty(Utc, utcMs);
        }

        /// <summary>
        /// Reads "seq", "ts" or "utc" when the reader is on one of those names (why is then null or
        /// "field: rule"); false for any other property, which the caller reads.
        /// </summary>
        public static bool TryRead(JsonReader r, ref long seq, ref long uptimeMs, ref string utc, out string why)
        {
            if (r.ValueEquals(Seq)) why = FieldReader.Leaf(Seq, FieldReader.Long(r, 0, long.MaxValue, out seq));
            else if (r.ValueEquals(Ts)) why = FieldReader.Leaf(Ts, FieldReader.Long(r, 0, long.MaxValue, out uptimeMs));
            else if (r.ValueEquals(Utc)) why = FieldReader.Leaf(Utc, FieldReader.String(r, Limits.MaxNameLength, true, out utc));
            else
            {
                why = null;
                return false;
            }
            return true;
        }

        /// <summary>Writes a number property unless it is NaN ("not available" is left out).</summary>
        public static void WriteOptional(JsonWriter w, string name, double value, int decimals)
        {
            if (!double.IsNaN(value)) w.WriteNumberProperty(name, value, decimals);
        }

        /// <summary>Length written, or -1 when the writer's buffer was too small.</summary>
        public static int Result(JsonWriter w)
        {
            return w.Overflowed ? -1 : w.Length;
        }
    }
}
