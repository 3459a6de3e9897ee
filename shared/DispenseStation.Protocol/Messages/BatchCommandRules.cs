namespace DispenseStation.Protocol.Messages
{
    /// <summary>
    /// Which operator command a station takes for its batch in which PackML state: the station's own rules (its PackML
    /// transition table, resume only after a reboot interrupted the batch, confirm only at a prompt), written once so
    /// that the gateway and the dashboard offer only what the station would accept. A firmware test sends every
    /// command in every resting state to the real station runtime and checks it against this table.
    /// </summary>
    public static class BatchCommandRules
    {
        /// <summary>The commands an operator gives a running batch, in the order a screen shows them.</summary>
        public static readonly string[] Operator =
        {
            CommandNames.Confirm, CommandNames.Hold, CommandNames.Unhold, CommandNames.Resume, CommandNames.Abort,
        };

        /// <summary>
        /// Null when a station in <paramref name="packMlState"/> takes <paramref name="command"/> for its batch; else why
        /// not, in words. <paramref name="interrupted"/>: the station rebooted mid-batch and waits for resume or abort;
        /// <paramref name="promptPending"/>: the batch waits at a prompt step for the operator.
        /// </summary>
        public static string WhyNot(string command, string packMlState, bool interrupted, bool promptPending)
        {
            if (packMlState == null || !PackMlStates.IsKnown(packMlState)) return "the station's state is not known";
            if (command == CommandNames.Abort)
            {
                return packMlState == PackMlStates.Aborting || packMlState == PackMlStates.Aborted ? "the batch is already aborting" : null;
            }
            if (command == CommandNames.Hold)
            {
                return packMlState == PackMlStates.Execute || packMlState == PackMlStates.Suspending
                    || packMlState == PackMlStates.Suspended || packMlState == PackMlStates.Unsuspending
                    ? null : "hold is only possible while the batch runs (the station is " + packMlState + ")";
            }
            if (command == CommandNames.Unhold)
            {
                return packMlState == PackMlStates.Held ? null : "unhold is only possible while the batch is held (the station is " + packMlState + ")";
            }
            if (command == CommandNames.Resume)
            {
                if (!interrupted) return "resume is only for a batch interrupted by a station restart";
                return packMlState == PackMlStates.Held ? null : "resume is only possible while the batch is held (the station is " + packMlState + ")";
            }
            if (command == CommandNames.Confirm)
            {
                if (packMlState != PackMlStates.Execute) return "confirm is only possible while the batch runs (the station is " + packMlState + ")";
                return promptPending ? null : "no prompt is waiting for confirmation";
            }
            return "'" + command + "' is not an operator command for a batch";
        }

        /// <summary>
        /// The operator commands to offer, in <see cref="Operator"/> order: those the station takes, except unhold for a
        /// batch interrupted by a restart, where resume does the same and says what it is for.
        /// </summary>
        public static string[] Offered(string packMlState, bool interrupted, bool promptPending)
        {
            int count = 0;
            for (int i = 0; i < Operator.Length; i++) if (IsOfferedOne(Operator[i], packMlState, interrupted, promptPending)) count++;
            var offered = new string[count];
            count = 0;
            for (int i = 0; i < Operator.Length; i++) if (IsOfferedOne(Operator[i], packMlState, interrupted, promptPending)) offered[count++] = Operator[i];
            return offered;
        }

        private static bool IsOfferedOne(string command, string packMlState, bool interrupted, bool promptPending)
        {
            if (command == CommandNames.Unhold && interrupted) return false;
            return WhyNot(command, packMlState, interrupted, promptPending) == null;
        }
    }
}
