namespace DispenseStation.Protocol.Messages
{
    /// <summary>Commands the gateway sends on dispense/v1/{station}/cmd/{name}.</summary>
    public static class CommandNames
    {
        public const int MaxLength = 32;

        public const string Start = "start";
        public const string Hold = "hold";
        public const string Unhold = "unhold";
        public const string Stop = "stop";
        public const string Abort = "abort";
        public const string Clear = "clear";
        public const string Reset = "reset";
        public const string Resume = "resume";
        public const string Confirm = "confirm";
        public const string Suspend = "suspend";
        public const string Unsuspend = "unsuspend";
        /// <summary>Sets the hotplate PID gains (kp, ti, td); only while no batch runs.</summary>
        public const string SetGains = "set-gains";
        /// <summary>Starts a relay autotune of the hotplate (targetC, rule, maxC, maxS); only while no batch runs.</summary>
        public const string Autotune = "autotune";
        /// <summary>Starts a bake job (carries "job", a Bake.BakeJobSpec); only while no batch runs.</summary>
        public const string BakeJob = "bake-job";
        /// <summary>Operator's button: the wafer ("wafer" index) is on the plate.</summary>
        public const string WaferDown = "wafer-down";
        /// <summary>Operator's button: the wafer ("wafer" index) is off the plate.</summary>
        public const string WaferRemoved = "wafer-removed";
        /// <summary>Runs a pump line into a waste bottle on the scale (Pumps.PumpCommands: channel, speed, seconds and/or grams); only in Idle.</summary>
        public const string Prime = "prime";
        /// <summary>Runs a pump like prime, weighs what came and stores the channel's flow at that speed; only in Idle.</summary>
        public const string CalibratePump = "calibrate-pump";

        public static readonly string[] All =
        {
            Start, Hold, Unhold, Stop, Abort, Clear, Reset, Resume, Confirm, Suspend, Unsuspend, SetGains, Autotune,
            BakeJob, WaferDown, WaferRemoved, Prime, CalibratePump
        };

        public static bool IsKnown(string name)
        {
            return Names.IndexOf(All, name) >= 0;
        }

        /// <summary>Null when <paramref name="name"/> is a well-formed command level (1-32 lowercase
        /// letters or dashes), known or not; else the reason.</summary>
        public static string CheckSyntax(string name)
        {
            if (name == null || name.Length == 0) return "command name is empty";
            if (name.Length > MaxLength) return "command name is longer than " + MaxLength.ToString() + " characters";
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (!((c >= 'a' && c <= 'z') || c == '-')) return "command name may contain only lowercase letters and '-' (bad character at index " + i.ToString() + ")";
            }
            return null;
        }
    }
}
