using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>One step of a bake program, as plain values (the protocol layer maps its messages onto these).</summary>
    public sealed class BakeSegment
    {
        public const double MaxTargetC = 250;
        public const double MaxHoldS = 24 * 3600;

        public BakeSegmentKind Kind;
        /// <summary>Target temperature, °C.</summary>
        public double TargetC;
        /// <summary>Ramp rate, °C/s (Ramp only; 0 = step).</summary>
        public double RateCPerS;
        /// <summary>Time to spend inside the band, s (Hold only).</summary>
        public double HoldS;
        /// <summary>Half-width of the tolerance band around the target, °C (Ramp and Hold).</summary>
        public double BandC;

        public BakeSegment(BakeSegmentKind kind, double targetC, double rateCPerS, double holdS, double bandC)
        {
            Kind = kind;
            TargetC = targetC;
            RateCPerS = rateCPerS;
            HoldS = holdS;
            BandC = bandC;
        }

        public static BakeSegment Ramp(double targetC, double rateCPerS, double bandC)
        {
            return new BakeSegment(BakeSegmentKind.Ramp, targetC, rateCPerS, 0, bandC);
        }

        public static BakeSegment Hold(double targetC, double holdS, double bandC)
        {
            return new BakeSegment(BakeSegmentKind.Hold, targetC, 0, holdS, bandC);
        }

        public static BakeSegment Cool(double targetC)
        {
            return new BakeSegment(BakeSegmentKind.Cool, targetC, 0, 0, 0);
        }

        /// <summary>Null when valid; otherwise the field and the rule it breaks.</summary>
        public string Validate(double maxTargetC)
        {
            if (Kind != BakeSegmentKind.Ramp && Kind != BakeSegmentKind.Hold && Kind != BakeSegmentKind.Cool)
                return "Kind must be Ramp, Hold or Cool";
            if (!Num.IsFinite(TargetC) || TargetC < 0 || TargetC > maxTargetC)
                return "TargetC must be between 0 and " + maxTargetC.ToString("F1") + " °C";
            if (Kind == BakeSegmentKind.Cool) return null;
            if (!Num.IsFinite(BandC) || BandC < 0.05 || BandC > 20) return "BandC must be between 0.05 and 20 °C";
            if (Kind == BakeSegmentKind.Ramp && (!Num.IsFinite(RateCPerS) || RateCPerS < 0 || RateCPerS > 10))
                return "RateCPerS must be between 0 (step) and 10 °C/s";
            if (Kind == BakeSegmentKind.Hold && (!Num.IsFinite(HoldS) || HoldS <= 0 || HoldS > MaxHoldS))
                return "HoldS must be between 0 (exclusive) and 86400 s";
            return null;
        }
    }
}
