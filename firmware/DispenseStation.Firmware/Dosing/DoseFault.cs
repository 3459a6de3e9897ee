namespace DispenseStation.Firmware.Dosing
{
    /// <summary>Alarm codes of a failed dose. Every one of them stops the pump.</summary>
    public static class DoseFault
    {
        public const int None = 0;
        /// <summary>Pumping without weight gain: empty reservoir or clogged line.</summary>
        public const int NoFlow = 501;
        /// <summary>Weight fell below what was already delivered: bottle removed or leaking.</summary>
        public const int WeightLoss = 502;
        /// <summary>A step no pump can make: bottle bumped or something put on the scale.</summary>
        public const int WeightJump = 503;
        /// <summary>More than target plus tolerance delivered.</summary>
        public const int Overfill = 504;
        /// <summary>No stable weight within the settle time.</summary>
        public const int ScaleUnstable = 505;
        /// <summary>The load cell stopped sending conversions (disconnected).</summary>
        public const int ScaleSilent = 506;
        /// <summary>The ADC reads at a rail: bridge open or shorted.</summary>
        public const int ScaleSaturated = 507;
        /// <summary>The dose took longer than its timeout.</summary>
        public const int Timeout = 508;
        /// <summary>Stopped by command.</summary>
        public const int Aborted = 509;
        /// <summary>Still under tolerance after the allowed top-up pulses.</summary>
        public const int UnderTolerance = 510;
        /// <summary>The ADC repeats the same reading: converter or cable fault, the weight is not live.</summary>
        public const int ScaleFrozen = 511;
        /// <summary>Weight rose with no dose running: a pump runs with no command (driver or relay fault).</summary>
        public const int PumpRunaway = 512;
        /// <summary>The weight rose by more than the pump's flow can explain: something rests on or touches the bottle.</summary>
        public const int UnexplainedGain = 513;
        /// <summary>The zero drifted while the scale stood idle: no dose can be weighed until it is re-zeroed.</summary>
        public const int ZeroDrift = 514;

        public static string Name(int code)
        {
            switch (code)
            {
                case None: return "None";
                case NoFlow: return "NoFlow";
                case WeightLoss: return "WeightLoss";
                case WeightJump: return "WeightJump";
                case Overfill: return "Overfill";
                case ScaleUnstable: return "ScaleUnstable";
                case ScaleSilent: return "ScaleSilent";
                case ScaleSaturated: return "ScaleSaturated";
                case Timeout: return "Timeout";
                case Aborted: return "Aborted";
                case UnderTolerance: return "UnderTolerance";
                case ScaleFrozen: return "ScaleFrozen";
                case PumpRunaway: return "PumpRunaway";
                case UnexplainedGain: return "UnexplainedGain";
                case ZeroDrift: return "ZeroDrift";
                default: return "Unknown";
            }
        }
    }
}
