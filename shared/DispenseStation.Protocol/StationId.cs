namespace DispenseStation.Protocol
{
    /// <summary>Station ids: 1-32 characters of lowercase letters, digits and dashes. They are
    /// one topic level, so the rule also keeps MQTT wildcards and separators out.</summary>
    public static class StationId
    {
        public const int MaxLength = 32;

        public static bool IsValid(string id)
        {
            return Check(id) == null;
        }

        /// <summary>Null when <paramref name="id"/> is valid, else the reason.</summary>
        public static string Check(string id)
        {
            if (id == null) return "station id is missing";
            if (id.Length == 0) return "station id is empty";
            if (id.Length > MaxLength) return "station id is longer than " + MaxLength.ToString() + " characters";
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) return "station id may contain only lowercase letters, digits and '-' (bad character at index " + i.ToString() + ")";
            }
            return null;
        }
    }
}
