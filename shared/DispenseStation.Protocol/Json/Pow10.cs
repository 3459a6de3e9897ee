namespace DispenseStation.Protocol.Json
{
    /// <summary>Exact powers of ten (every 10^n for n &lt;= 22 is exactly representable as a double).</summary>
    internal static class Pow10
    {
        public const int MaxExact = 22;

        public static readonly double[] Doubles = Build();

        public static readonly long[] Longs = BuildLongs();

        private static double[] Build()
        {
            double[] table = new double[MaxExact + 1];
            double p = 1;
            for (int i = 0; i <= MaxExact; i++)
            {
                table[i] = p;
                p *= 10;
            }
            return table;
        }

        private static long[] BuildLongs()
        {
            long[] table = new long[19];
            long p = 1;
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = p;
                p *= 10;
            }
            return table;
        }
    }
}
