using DispenseStation.Firmware.Station.Recipe;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Station
{
    /// <summary>Commands from the gateway: each is answered on cmd-result with its id, accepted or
    /// rejected with a reason; a re-delivered id gets the same answer and is not applied again.</summary>
    public sealed partial class StationRuntime
    {
        private CommandResultMessage _result;
        private string _resultTopic;

        /// <summary>Messages received that were not commands for this station (ignored).</summary>
        public int ForeignMessages { get; private set; }

        private void TakeCommands()
        {
            for (int i = 0; i < _config.CommandsPerTick; i++)
            {
                string topic;
                byte[] payload;
                if (!_link.TryReceive(out topic, out payload)) return;
                HandleMessage(topic, payload);
            }
        }

        private void HandleMessage(string topic, byte[] payload)
        {
            TopicInfo info;
            string error;
            if (!TopicParser.TryParse(topic, out info, out error) || info.Kind != TopicKind.Command
                || info.StationId != _config.StationId)
            {
                ForeignMessages++;
                return;
            }
            int length = payload == null ? 0 : payload.Length;
            CommandMessage command;
            if (!CommandMessage.TryParse(info.CommandName, payload, 0, length, out command, out error))
            {
                string id = payload == null ? null : CommandMessage.TryReadId(payload, 0, length);
                // Without an id the gateway cannot match an answer; it still gets one, with an empty id.
                Answer(id == null ? "" : id, false, error);
                return;
            }
            bool accepted;
            string reason;
            if (_ledger.TryFind(command.Id, out accepted, out reason))
            {
                Answer(command.Id, accepted, reason);
                return;
            }
            reason = Apply(command);
            _ledger.Remember(command.Id, reason == null, reason);
            Answer(command.Id, reason == null, reason);
        }

        /// <summary>Applies one command; null when applied, else why not (then nothing changed).</summary>
        private string Apply(CommandMessage command)
        {
            string name = command.Name;
            if (name == CommandNames.Start) return Start(command.Recipe);
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

        private string Start(ControlRecipe recipe)
        {
            if (!_machine.CanApply(PackMlCommand.Start)) return _machine.Apply(PackMlCommand.Start);
            if (_supervisor.EStopActive) return "start: e-stop is active";
            if (AutotuneRunning) return "start: an autotune is running (abort or stop ends it)";
            if (_pumpRunActive) return "start: a pump run is going (abort or stop ends it)";
            string problem = RecipeValidator.Check(recipe, _config);
            if (problem != null) return "recipe." + problem;
            // Keep the recipe on flash before anything changes, so a reboot can resume the batch.
            problem = SaveRecipe(recipe);
            if (problem != null) return problem;

            _executor.Load(recipe, 0, false, 0, null);
            _batchActive = true;
            Interrupted = false;
            problem = SaveProgress();
            if (problem != null)
            {
                _executor.Unload();
                _batchActive = false;
                return problem;
            }
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
