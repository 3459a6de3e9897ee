using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Bake
{
    /// <summary>How a wafer came off the plate against its planned time on plate.</summary>
    public static class WaferRemovals
    {
        /// <summary>Removed within the grace time after the bake ended.</summary>
        public const string OnTime = "on-time";
        /// <summary>Removed later than the grace time after the bake ended: baked too long.</summary>
        public const string Overbake = "overbake";
        /// <summary>Removed before the planned time on plate: baked too short.</summary>
        public const string Short = "short";

        public static readonly string[] All = { OnTime, Overbake, Short };
    }
}
