using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>The JSON names shared by every station message, and small writing helpers.</summary>
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
