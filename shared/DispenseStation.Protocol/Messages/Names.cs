namespace DispenseStation.Protocol.Messages
{
    internal static class Names
    {
        /// <summary>Index of <paramref name="value"/> in <paramref name="names"/> (ordinal), or -1.</summary>
        public static int IndexOf(string[] names, string value)
        {
            if (value == null) return -1;
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] == value) return i;
            }
            return -1;
        }
    }
}
