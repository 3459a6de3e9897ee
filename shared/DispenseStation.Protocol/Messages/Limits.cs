namespace DispenseStation.Protocol.Messages
{
    /// <summary>Size and range limits every parser enforces (bounded memory on the ESP32).</summary>
    public static class Limits
    {
        /// <summary>Largest command payload a station accepts (a start command with its recipe).
        /// The gateway writes commands into a JsonWriter of this size, so an oversize recipe fails
        /// there (WriteTo returns -1) instead of on the station's ~100 KB heap.</summary>
        public const int MaxCommandBytes = 16384;

        /// <summary>Largest control recipe a station takes: the bytes of <c>ControlRecipe.WriteTo</c>, the
        /// recipe as the station re-encodes and stores it for reboot recovery (its durable-record frame is
        /// sized by this). The gateway refuses a start whose recipe encodes to more before sending it
        /// (field <c>recipe</c>); the station refuses it too ("recipe: larger than the station's ... byte
        /// limit"). The largest recipe the gateway builds (tare, 8 doses, settle, mix; names at their
        /// 64-character limit) fits with a margin the gateway's <c>ControlRecipeSizeTests</c> asserts:
        /// two thirds of it with ASCII names, nine tenths with 3-byte UTF-8 characters throughout.</summary>
        public const int MaxRecipeBytes = 3072;

        public const int MaxIdLength = 64;
        public const int MaxNameLength = 64;
        public const int MaxTextLength = 256;
        public const int MaxChannels = 8;
        public const int MaxSteps = 64;
        public const int MaxBakeSegments = 16;
        public const int MaxAlarms = 16;
        public const int MaxSamples = 64;
        public const double MaxGrams = 100000;
        public const double MaxSeconds = 86400;
        public const double MinSetpointC = 0;
        public const double MaxSetpointC = 400;
        public const double MaxRampCPerMin = 1000;
        public const double MaxBandC = 50;
        public const double MaxPumpRate = 1000;
        public const double MinTemperatureC = -100;
        public const double MaxTemperatureC = 1000;
        /// <summary>Largest proportional gain on the wire, heater duty per °C.</summary>
        public const double MaxKp = 100;
    }
}
