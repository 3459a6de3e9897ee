namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// The PackML state model. Commands move the machine into an acting state (Starting, Holding,
    /// ...); the station finishes the acting work and calls <see cref="CompleteActingState"/> (PackML's
    /// "state complete"). Every command is either applied or rejected with a reason naming the state.
    /// </summary>
    public sealed class PackMlMachine
    {
        // TransitionTable[command, state] = target state, or -1 when the command is illegal there
        // (sbyte: 17 states; the table is 153 entries on the ESP32's heap).
        private readonly sbyte[] _target = new sbyte[PackMlNames.CommandCount * PackMlNames.StateCount];

        public PackMlMachine(PackMlState initial)
        {
            State = initial;
            for (int i = 0; i < _target.Length; i++) _target[i] = -1;

            Allow(PackMlCommand.Start, PackMlState.Idle, PackMlState.Starting);
            Allow(PackMlCommand.Unhold, PackMlState.Held, PackMlState.Unholding);
            Allow(PackMlCommand.Unsuspend, PackMlState.Suspended, PackMlState.Unsuspending);
            Allow(PackMlCommand.Suspend, PackMlState.Execute, PackMlState.Suspending);
            Allow(PackMlCommand.Clear, PackMlState.Aborted, PackMlState.Clearing);
            Allow(PackMlCommand.Reset, PackMlState.Complete, PackMlState.Resetting);
            Allow(PackMlCommand.Reset, PackMlState.Stopped, PackMlState.Resetting);

            Allow(PackMlCommand.Hold, PackMlState.Execute, PackMlState.Holding);
            Allow(PackMlCommand.Hold, PackMlState.Suspending, PackMlState.Holding);
            Allow(PackMlCommand.Hold, PackMlState.Suspended, PackMlState.Holding);
            Allow(PackMlCommand.Hold, PackMlState.Unsuspending, PackMlState.Holding);

            for (int s = 0; s < PackMlNames.StateCount; s++)
            {
                var state = (PackMlState)s;
                if (state != PackMlState.Aborting && state != PackMlState.Aborted)
                {
                    Allow(PackMlCommand.Abort, state, PackMlState.Aborting);
                }
                if (state != PackMlState.Aborting && state != PackMlState.Aborted && state != PackMlState.Clearing
                    && state != PackMlState.Stopping && state != PackMlState.Stopped)
                {
                    Allow(PackMlCommand.Stop, state, PackMlState.Stopping);
                }
            }
        }

        public PackMlState State { get; private set; }

        /// <summary>Increments on every state change, so observers can detect one cheaply.</summary>
        public int ChangeCount { get; private set; }

        /// <summary>True in the transient states that end by <see cref="CompleteActingState"/>.</summary>
        public bool IsActing
        {
            get { return IsActingState(State); }
        }

        public static bool IsActingState(PackMlState state)
        {
            switch (state)
            {
                case PackMlState.Starting:
                case PackMlState.Completing:
                case PackMlState.Holding:
                case PackMlState.Unholding:
                case PackMlState.Suspending:
                case PackMlState.Unsuspending:
                case PackMlState.Aborting:
                case PackMlState.Clearing:
                case PackMlState.Stopping:
                case PackMlState.Resetting:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Whether <paramref name="command"/> is legal in the current state (nothing changes).</summary>
        public bool CanApply(PackMlCommand command)
        {
            return _target[Index(command, State)] >= 0;
        }

        /// <summary>Null when the command was applied, otherwise the reason it was rejected.</summary>
        public string Apply(PackMlCommand command)
        {
            int target = _target[Index(command, State)];
            if (target < 0)
            {
                return PackMlNames.Of(command) + " is not allowed in " + PackMlNames.Of(State)
                    + " (allowed in " + AllowedIn(command) + ")";
            }
            MoveTo((PackMlState)target);
            return null;
        }

        /// <summary>
        /// PackML "state complete": an acting state ends in its resting state; Execute ends in
        /// Completing (all steps done). False when the current state has no completion.
        /// </summary>
        public bool CompleteActingState()
        {
            switch (State)
            {
                case PackMlState.Starting: MoveTo(PackMlState.Execute); return true;
                case PackMlState.Execute: MoveTo(PackMlState.Completing); return true;
                case PackMlState.Completing: MoveTo(PackMlState.Complete); return true;
                case PackMlState.Holding: MoveTo(PackMlState.Held); return true;
                case PackMlState.Unholding: MoveTo(PackMlState.Execute); return true;
                case PackMlState.Suspending: MoveTo(PackMlState.Suspended); return true;
                case PackMlState.Unsuspending: MoveTo(PackMlState.Execute); return true;
                case PackMlState.Aborting: MoveTo(PackMlState.Aborted); return true;
                case PackMlState.Clearing: MoveTo(PackMlState.Stopped); return true;
                case PackMlState.Stopping: MoveTo(PackMlState.Stopped); return true;
                case PackMlState.Resetting: MoveTo(PackMlState.Idle); return true;
                default: return false;
            }
        }

        /// <summary>Sets the state directly; only for start-up recovery (a reboot mid-batch comes up Held).</summary>
        public void Restore(PackMlState state)
        {
            MoveTo(state);
        }

        private void MoveTo(PackMlState state)
        {
            State = state;
            ChangeCount++;
        }

        private void Allow(PackMlCommand command, PackMlState from, PackMlState to)
        {
            _target[Index(command, from)] = (sbyte)to;
        }

        // The states a command is legal in, in state order, for a rejection's reason (which allocates anyway;
        // rejections are rare, so the lists are not kept).
        private string AllowedIn(PackMlCommand command)
        {
            string list = null;
            for (int s = 0; s < PackMlNames.StateCount; s++)
            {
                if (_target[Index(command, (PackMlState)s)] < 0) continue;
                list = list == null ? PackMlNames.Of((PackMlState)s) : list + ", " + PackMlNames.Of((PackMlState)s);
            }
            return list;
        }

        private static int Index(PackMlCommand command, PackMlState state)
        {
            return (int)command * PackMlNames.StateCount + (int)state;
        }
    }
}
