namespace DispenseStation.Protocol.Messages
{
    /// <summary>Values of the autotune command's and the tuning event's "rule": how an autotune
    /// result becomes PID gains (the firmware's TuningRule).</summary>
    public static class TuningRuleNames
    {
        public const string ZieglerNichols = "ziegler-nichols";
        public const string TyreusLuyben = "tyreus-luyben";
        public const string Simc = "simc";
        public const string Lambda = "lambda";
        public const string SimcPid = "simc-pid";

        public static readonly string[] All = { ZieglerNichols, TyreusLuyben, Simc, Lambda, SimcPid };

        public static bool IsKnown(string rule)
        {
            return Names.IndexOf(All, rule) >= 0;
        }
    }
}
