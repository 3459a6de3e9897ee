using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Pumps
{
    /// <summary>
    /// The pump maintenance commands (their names are also in <see cref="CommandNames"/>): prime runs
    /// a pump line into a waste bottle on the scale; calibrate-pump runs it the same way and turns the
    /// weighed grams into the channel's flow at that speed. Both carry "channel", "speed" and at least
    /// one of "seconds" (pump-on time) and "grams" (stop once this much has arrived), whichever comes
    /// first. The station applies its own, tighter limits on top of these.
    /// </summary>
    public static class PumpCommands
    {
        public const string ChannelField = "channel";
        public const string SpeedField = "speed";
        public const string SecondsField = "seconds";
        public const string GramsField = "grams";

        /// <summary>Longest pump run any station accepts, s.</summary>
        public const double MaxSeconds = 600;
        /// <summary>Most grams any station pumps in one run.</summary>
        public const double MaxGrams = 1000;

        public static bool IsPumpCommand(string name)
        {
            return name == CommandNames.Prime || name == CommandNames.CalibratePump;
        }

        /// <summary>Null when the arguments of a parsed prime or calibrate-pump are complete, else the field and the rule.</summary>
        public static string Check(string name, int channel, double speed, double seconds, double grams)
        {
            if (channel < 0) return FieldReader.Required(ChannelField, "integer 0-" + (Limits.MaxChannels - 1).ToString() + " for " + name);
            if (double.IsNaN(speed)) return FieldReader.Required(SpeedField, "number in (0, 1] for " + name);
            if (!(speed > 0)) return SpeedField + ": must be greater than 0 (a fraction of the pump's top speed)";
            if (double.IsNaN(seconds) && double.IsNaN(grams))
                return SecondsField + ": required (or " + GramsField + "): " + name + " needs a time or a mass to stop at";
            if (!double.IsNaN(seconds) && !(seconds > 0)) return SecondsField + ": must be greater than 0";
            if (!double.IsNaN(grams) && !(grams > 0)) return GramsField + ": must be greater than 0";
            return null;
        }
    }
}
