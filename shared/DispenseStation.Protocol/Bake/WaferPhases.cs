using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Bake
{
    /// <summary>
    /// Where one wafer of a bake job is, as reported by a "wafer" event:
    /// place (plate stable, operator asked to place the wafer) -> down (wafer-down seen, time on plate
    /// counts from it) -> remove (time on plate is up, operator asked to remove it) -> done (the
    /// per-wafer record). down-timeout: no wafer-down was seen in time; the operator is prompted to
    /// confirm (wafer-down command) or place the wafer again, and nothing is baked meanwhile.
    /// down-withdrawn: a signature "down" turned out not to be a wafer (the station's energy balance saw
    /// a lasting loss such as a draught or the open lid, or far more energy than the wafer's): its time
    /// on plate is rolled back and the wafer is awaited again under the same "place" prompt.
    /// </summary>
    public static class WaferPhases
    {
        public const string Place = "place";
        public const string Down = "down";
        public const string DownTimeout = "down-timeout";
        public const string DownWithdrawn = "down-withdrawn";
        public const string Remove = "remove";
        public const string Done = "done";

        public static readonly string[] All = { Place, Down, DownTimeout, DownWithdrawn, Remove, Done };

        public static bool IsKnown(string phase)
        {
            return Names.IndexOf(All, phase) >= 0;
        }
    }
}
