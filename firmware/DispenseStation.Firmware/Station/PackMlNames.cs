namespace DispenseStation.Firmware.Station
{
    /// <summary>Wire names of states and commands. Kept as arrays so that naming never allocates
    /// (nanoFramework's Enum.ToString is not reliable).</summary>
    public static class PackMlNames
    {
        private static readonly string[] States =
        {
            "Idle", "Starting", "Execute", "Completing", "Complete", "Holding", "Held", "Unholding",
            "Suspending", "Suspended", "Unsuspending", "Aborting", "Aborted", "Clearing", "Stopping",
            "Stopped", "Resetting",
        };

        private static readonly string[] Commands =
        {
            "start", "hold", "unhold", "stop", "abort", "clear", "reset", "suspend", "unsuspend",
        };

        public const int StateCount = 17;
        public const int CommandCount = 9;

        public static string Of(PackMlState state)
        {
            return States[(int)state];
        }

        public static string Of(PackMlCommand command)
        {
            return Commands[(int)command];
        }

        /// <summary>Finds a command by its wire name; false for anything else.</summary>
        public static bool TryParseCommand(string name, out PackMlCommand command)
        {
            for (int i = 0; i < Commands.Length; i++)
            {
                if (Commands[i] == name)
                {
                    command = (PackMlCommand)i;
                    return true;
                }
            }
            command = PackMlCommand.Start;
            return false;
        }
    }
}
