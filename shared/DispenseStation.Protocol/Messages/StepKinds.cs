namespace DispenseStation.Protocol.Messages
{
    /// <summary>Kinds of control recipe step.</summary>
    public static class StepKinds
    {
        public const string Tare = "tare";
        public const string Dose = "dose";
        public const string WaitStable = "wait-stable";
        public const string Mix = "mix";
        public const string Bake = "bake";
        public const string Prompt = "prompt";

        public static readonly string[] All = { Tare, Dose, WaitStable, Mix, Bake, Prompt };

        public static bool IsKnown(string kind)
        {
            return Names.IndexOf(All, kind) >= 0;
        }
    }
}
