namespace DispenseStation.Firmware.Dosing
{
    /// <summary>Phases of a dose, as bits so a result can list every phase it used.</summary>
    public static class DosePhase
    {
        public const int None = 0;
        /// <summary>Waiting for a stable starting weight.</summary>
        public const int Start = 1;
        public const int Fast = 2;
        public const int Slow = 4;
        public const int Dribble = 8;
        /// <summary>Pump off, waiting for the stable weight to verify.</summary>
        public const int Settle = 16;
        public const int TopUp = 32;
        /// <summary>A maintenance run (prime, calibration): one fixed speed until its seconds or grams.</summary>
        public const int Run = 64;
    }

    public enum DoserState
    {
        Idle,
        Running,
        Done,
        Failed,
    }
}
