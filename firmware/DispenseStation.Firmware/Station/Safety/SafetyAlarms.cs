namespace DispenseStation.Firmware.Station.Safety
{
    /// <summary>Alarm bits of the safety supervisor and their wire codes.</summary>
    public static class SafetyAlarms
    {
        public const int None = 0;
        public const int EStop = 1;
        public const int HeaterInterlock = 2;
        public const int PumpInterlock = 4;
        public const int LinkLost = 8;
        public const int LinkHoldExpired = 16;

        public const int Count = 5;

        private static readonly string[] Codes = { "estop", "heater-interlock", "pump-interlock", "link-lost", "link-hold-expired" };
        private static readonly string[] Severities = { "critical", "critical", "warning", "warning", "critical" };

        /// <summary>Wire code of alarm bit number <paramref name="index"/> (0..Count-1).</summary>
        public static string CodeAt(int index)
        {
            return Codes[index];
        }

        public static string SeverityAt(int index)
        {
            return Severities[index];
        }
    }
}
