using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Pumps
{
    /// <summary>
    /// The pump maintenance commands (their names are also in <see cref="CommandNames"/>): prime runs
    /// a pump line into a waste bottle on the scale at one "speed"; calibrate-pump runs it at each of
    /// its "speeds" in turn (the default set when absent) and turns the grams weighed at each into the
    /// channel's flow table, g/s per speed. Both carry "channel" and at least one of "seconds" (pump-on
    /// time, per speed for a calibration) and "grams" (stop once this much has arrived, likewise),
    /// whichever comes first. The station applies its own, tighter limits on top of these.
    /// </summary>
    public static class PumpCommands
    {
        public const string ChannelField = "channel";
        public const string SpeedField = "speed";
        public const string SecondsField = "seconds";
        public const string GramsField = "grams";
        public const string SpeedsField = "speeds";

        /// <summary>Longest pump run any station accepts, s.</summary>
        public const double MaxSeconds = 600;
        /// <summary>Most grams any station pumps in one run.</summary>
        public const double MaxGrams = 1000;

        /// <summary>Fewest and most speeds in one calibration: two points give the line's slope and its
        /// offset from zero (a peristaltic pump's flow is not proportional to speed), six keep the
        /// pump-run event within the station's 512-byte message.</summary>
        public const int MinCalibrationSpeeds = 2;
        public const int MaxCalibrationSpeeds = 6;
        /// <summary>Slowest speed calibrated: the doser's default dribble speed; slower, the few grams a
        /// run moves are mostly the scale's noise and the tube's slip.</summary>
        public const double MinCalibrationSpeed = 0.05;
        public const double MaxCalibrationSpeed = 1;

        /// <summary>The speeds calibrated when a calibrate-pump names none: the doser's default dribble
        /// (0.05), slow (0.25) and fast (1) speeds, so the flows it doses with are measured rather than
        /// interpolated, and two between them to see the sag at high speed.</summary>
        public static double[] DefaultCalibrationSpeeds()
        {
            return new double[] { 0.05, 0.25, 0.5, 0.75, 1 };
        }

        public static bool IsPumpCommand(string name)
        {
            return name == CommandNames.Prime || name == CommandNames.CalibratePump;
        }

        /// <summary>Null when the arguments of a parsed prime are complete, else the field and the rule.</summary>
        public static string Check(string name, int channel, double speed, double seconds, double grams)
        {
            return Check(name, channel, speed, null, seconds, grams);
        }

        /// <summary>Null when the arguments of a parsed prime or calibrate-pump are complete, else the field and the rule.
        /// <paramref name="speeds"/> (calibrate-pump) may be null: the default set.</summary>
        public static string Check(string name, int channel, double speed, double[] speeds, double seconds, double grams)
        {
            if (channel < 0) return FieldReader.Required(ChannelField, "integer 0-" + (Limits.MaxChannels - 1).ToString() + " for " + name);
            if (name == CommandNames.CalibratePump)
            {
                if (!double.IsNaN(speed))
                    return SpeedField + ": calibrate-pump takes " + SpeedsField + ", a list of " + MinCalibrationSpeeds.ToString() + " to "
                        + MaxCalibrationSpeeds.ToString() + " speeds (leave it out for the default " + FieldReader.JoinNumbers(DefaultCalibrationSpeeds()) + ")";
                if (speeds != null)
                {
                    string why = CheckSpeeds(speeds, speeds.Length);
                    if (why != null) return why;
                }
            }
            else
            {
                if (speeds != null) return SpeedsField + ": only calibrate-pump takes a list of speeds; " + name + " takes one " + SpeedField;
                if (double.IsNaN(speed)) return FieldReader.Required(SpeedField, "number in (0, 1] for " + name);
                if (!(speed > 0)) return SpeedField + ": must be greater than 0 (a fraction of the pump's top speed)";
            }
            if (double.IsNaN(seconds) && double.IsNaN(grams))
                return SecondsField + ": required (or " + GramsField + "): " + name + " needs a time or a mass to stop at";
            if (!double.IsNaN(seconds) && !(seconds > 0)) return SecondsField + ": must be greater than 0";
            if (!double.IsNaN(grams) && !(grams > 0)) return GramsField + ": must be greater than 0";
            return null;
        }

        /// <summary>Null when the first <paramref name="count"/> speeds are a calibration's set, else the rule broken,
        /// naming the item: how many, each in [<see cref="MinCalibrationSpeed"/>, 1], none twice, ascending.</summary>
        public static string CheckSpeeds(double[] speeds, int count)
        {
            if (count < MinCalibrationSpeeds || count > MaxCalibrationSpeeds)
                return SpeedsField + ": " + count.ToString() + (count == 1 ? " speed" : " speeds") + " given; a calibration takes "
                    + MinCalibrationSpeeds.ToString() + " to " + MaxCalibrationSpeeds.ToString();
            for (int i = 0; i < count; i++)
            {
                double s = speeds[i];
                string item = SpeedsField + "[" + i.ToString() + "]: ";
                if (double.IsNaN(s) || s < MinCalibrationSpeed || s > MaxCalibrationSpeed)
                    return item + "must be between " + MinCalibrationSpeed.ToString("F2") + " and " + MaxCalibrationSpeed.ToString("F2")
                        + " (a fraction of the pump's top speed)";
                for (int j = 0; j < i; j++)
                {
                    // Written with 4 decimals, two speeds closer than this would be the same speed on the wire.
                    double d = s - speeds[j];
                    if (d < 0.00005 && d > -0.00005)
                        return item + FieldReader.Number(s) + " is listed twice (also " + SpeedsField + "[" + j.ToString() + "]): give each speed once";
                }
                if (i > 0 && s < speeds[i - 1])
                    return item + FieldReader.Number(s) + " comes after " + FieldReader.Number(speeds[i - 1]) + ": list the speeds in ascending order";
            }
            return null;
        }
    }
}
