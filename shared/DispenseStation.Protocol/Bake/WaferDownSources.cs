using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Bake
{
    /// <summary>What confirmed a wafer-down (the first of them wins and is recorded).</summary>
    public static class WaferDownSources
    {
        /// <summary>The plate's temperature signature (a cold wafer dips it).</summary>
        public const string Signature = "signature";
        /// <summary>The optional wafer-present input (lift pins, a proximity switch).</summary>
        public const string Input = "input";
        /// <summary>The operator's button (the wafer-down command).</summary>
        public const string Operator = "operator";
        /// <summary>The operator's button with alreadyDown: the wafer was on the plate since the landing of the
        /// signature wafer-down the station had withdrawn; time on plate counts from that landing.</summary>
        public const string OperatorBackdated = "operator-backdated";

        public static readonly string[] All = { Signature, Input, Operator, OperatorBackdated };
    }
}
