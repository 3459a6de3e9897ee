namespace DispenseStation.Protocol.Messages
{
    /// <summary>How many decimals each quantity is written with (resolution on the wire).</summary>
    public static class Decimals
    {
        /// <summary>Grams and grams per second: 0.1 mg resolution, finer than any load cell here.</summary>
        public const int Grams = 4;

        /// <summary>Degrees Celsius (and °C/min): 1 m°C, below the RTD's noise.</summary>
        public const int Temperature = 3;

        /// <summary>Heater duty 0..1.</summary>
        public const int Duty = 4;

        /// <summary>Durations in seconds: 1 ms.</summary>
        public const int Seconds = 3;

        /// <summary>PID and process gains: 6 decimals (kp is a small duty per °C).</summary>
        public const int Gain = 6;
    }
}
