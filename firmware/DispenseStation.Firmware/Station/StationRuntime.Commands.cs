using DispenseStation.Firmware.Station.Link;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Station
{
    /// <summary>Commands from the gateway, parsed by the worker: each is answered on cmd-result with
    /// its id, accepted or rejected with a reason; a re-delivered id gets the same answer and is not
    /// applied again. Start and set-gains are answered once their record is on flash.</summary>
    public sealed partial class StationRuntime
    {
        private CommandResultMessage _result;
        private string _resultTopic;
        private readonly InboundCommand _inbound = new InboundCommand();

        /// <summary>Messages received that were not commands for this station (ignored).</summary>
        public int ForeignMessages
        {
            get { return _inbox.ForeignMessages; }
        }

        // Commands arrive parsed (the worker parsed them off the tick, CommandInbox).
        private void TakeCommands()
        {
            for (int i = 0; i < _config.CommandsPerTick; i++)
            {
                if (!_inbox.TryTake(_inbound)) return;
                HandleCommand(_inbound);
                _inbound.Clear();
            }
        }

        private void HandleCommand(InboundCommand inbound)
        {
            CommandMessage command = inbound.Command;
            if (command == null)
            {
                Answer(inbound.Id, false, inbound.Problem);
                return;
            }
            // Delivered again while its answer waits for flash: that answer is still to come.
            if (_awaitId != null && command.Id == _awaitId) return;
            bool accepted;
            string reason;
            if (_ledger.TryFind(command.Id, out accepted, out reason))
            {
                Answer(command.Id, accepted, reason);
                return;
            }
            bool awaiting = _awaitId != null;
            reason = Apply(command, inbound.Problem);
            // Start and set-gains are answered once their record is on flash (SettleAwaitedCommand).
            if (reason == null && !awaiting && _awaitId != null) return;
            _ledger.Remember(command.Id, reason == null, reason);
            Answer(command.Id, reason == null, reason);
        }

        /// <summary>Applies one command; null when applied, else why not (then nothing changed).</summary>
        private string Apply(CommandMessage command, string recipeProblem)
        {
            string name = command.Name;
            if (_awaitId != null && (name == CommandNames.Start || name == CommandNames.SetGains
                || name == CommandNames.Autotune || name == CommandNames.BakeJob))
            {
                return name + ": command " + _awaitId + " is still being stored";
            }
            if (name == CommandNames.Start) return Start(command, recipeProblem);
            if (name == CommandNames.SetGains) return SetGains(command);
            if (name == CommandNames.Autotune) return StartAutotune(command);
            if (IsBakeCommand(name)) return ApplyBakeCommand(command);
            if (PumpCommands.IsPumpCommand(name)) return StartPumpRun(command);
            if (name == CommandNames.Confirm)
            {
                if (_machine.State != PackMlState.Execute) return "confirm is only accepted in Execute (now " + PackMlNames.Of(_machine.State) + ")";
                return _executor.Confirm(command.StepIndex);
            }
            if (name == CommandNames.Resume)
            {
                if (!Interrupted) return "no interrupted batch to resume";
                name = CommandNames.Unhold;
            }
            PackMlCommand packMl;
            if (!PackMlNames.TryParseCommand(name, out packMl)) return "unknown command '" + name + "'";

            if (packMl == PackMlCommand.Clear && _supervisor.EStopActive) return "clear: e-stop is still active";
            if (packMl == PackMlCommand.Unhold || packMl == PackMlCommand.Unsuspend)
            {
                if (!_machine.CanApply(packMl)) return _machine.Apply(packMl);
                string blocked = BlockingReason();
                if (blocked != null) return PackMlNames.Of(packMl) + ": " + blocked;
                if (packMl == PackMlCommand.Unsuspend && _supervisor.LinkDown) return "unsuspend: link is down";
            }
            string rejected = _machine.Apply(packMl);
            if (rejected == null && packMl == PackMlCommand.Suspend) _suspendedByLink = false;
            return rejected;
        }

        // Validated on the worker (recipeProblem); here only what depends on the station's state. The
        // recipe and the first progress record are posted; the answer waits until both are on flash.
        private string Start(CommandMessage command, string recipeProblem)
        {
            if (!_machine.CanApply(PackMlCommand.Start)) return _machine.Apply(PackMlCommand.Start);
            if (_supervisor.EStopActive) return "start: e-stop is active";
            if (AutotuneRunning) return "start: an autotune is running (abort or stop ends it)";
            if (_pumpRunActive) return "start: a pump run is going (abort or stop ends it)";
            if (recipeProblem != null) return recipeProblem;

            ControlRecipe recipe = command.Recipe;
            _executor.Load(recipe, 0, false, 0, null);
            _batchActive = true;
            Interrupted = false;
            AwaitRecord(command.Id, CommandNames.Start, PostRecords(recipe));
            _machine.Apply(PackMlCommand.Start);
            return null;
        }

        private void Answer(string id, bool accepted, string reason)
        {
            _result.Id = id;
            _result.Accepted = accepted;
            _result.Reason = reason;
            _result.PackMlState = PackMlNames.Of(_machine.State);
            _result.Seq = ++_seq;
            _result.UptimeMs = _nowMs;
            _result.UtcMs = _utcMs;
            int length = _result.WriteTo(_writer);
            if (length < 0)
            {
                _result.Reason = reason == null ? null : "rejected (reason too long to send)";
                length = _result.WriteTo(_writer);
            }
            if (length > 0) _outbox.Enqueue(_resultTopic, _writer.Buffer, length, false);
        }
    }
}
