using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Station.Recipe
{
    /// <summary>Step kinds as small integers, resolved once when a recipe is accepted, so that the
    /// tick never compares strings.</summary>
    public static class StepKind
    {
        public const int Unknown = -1;
        public const int Tare = 0;
        public const int Dose = 1;
        public const int WaitStable = 2;
        public const int Mix = 3;
        public const int Bake = 4;
        public const int Prompt = 5;

        public static int Of(string kind)
        {
            if (kind == StepKinds.Tare) return Tare;
            if (kind == StepKinds.Dose) return Dose;
            if (kind == StepKinds.WaitStable) return WaitStable;
            if (kind == StepKinds.Mix) return Mix;
            if (kind == StepKinds.Bake) return Bake;
            if (kind == StepKinds.Prompt) return Prompt;
            return Unknown;
        }
    }
}
