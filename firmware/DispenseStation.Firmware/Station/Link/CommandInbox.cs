using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Recipe;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Station.Link
{
    /// <summary>
    /// Received commands, parsed off the control tick. The station worker (<see cref="Pump"/>) takes
    /// messages from the link, parses topic and payload (a start command's recipe JSON, a bake job)
    /// and checks a recipe against the station's limits, then fills one of a few preallocated slots;
    /// the tick (<see cref="TryTake"/>) copies a slot's three references out and applies the command.
    /// Messages that are not commands for this station are counted and dropped on the worker. When all
    /// slots are full the worker leaves further messages in the link's own bounded queue.
    /// </summary>
    public sealed class CommandInbox
    {
        private readonly object _gate = new object();
        private readonly IMessageLink _link;
        private readonly StationConfig _config;
        private readonly InboundCommand[] _slots;
        private readonly InboundCommand _parsed = new InboundCommand(); // worker only
        private int _head; // guarded by _gate
        private int _count; // guarded by _gate
        private int _foreign; // guarded by _gate

        public CommandInbox(IMessageLink link, StationConfig config, int capacity)
        {
            if (link == null) throw new System.ArgumentNullException("link");
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _link = link;
            _config = config;
            _slots = new InboundCommand[capacity];
            for (int i = 0; i < capacity; i++) _slots[i] = new InboundCommand();
        }

        /// <summary>Messages received that were not commands for this station (ignored).</summary>
        public int ForeignMessages
        {
            get { lock (_gate) { return _foreign; } }
        }

        /// <summary>Parsed commands waiting for the tick.</summary>
        public int Count
        {
            get { lock (_gate) { return _count; } }
        }

        /// <summary>
        /// The worker's pass (never the tick): parses received messages into free slots. Returns how
        /// many messages it took from the link.
        /// </summary>
        public int Pump()
        {
            int taken = 0;
            while (true)
            {
                lock (_gate)
                {
                    if (_count == _slots.Length) return taken;
                }
                string topic;
                byte[] payload;
                if (!_link.TryReceive(out topic, out payload)) return taken;
                taken++;
                bool command = Parse(topic, payload, _parsed);
                lock (_gate)
                {
                    if (!command)
                    {
                        _foreign++;
                    }
                    else
                    {
                        _slots[(_head + _count) % _slots.Length].CopyFrom(_parsed);
                        _count++;
                    }
                }
                _parsed.Clear();
            }
        }

        /// <summary>The tick's side: the oldest parsed command into <paramref name="into"/>; false when none.</summary>
        public bool TryTake(InboundCommand into)
        {
            lock (_gate)
            {
                if (_count == 0) return false;
                InboundCommand slot = _slots[_head];
                into.CopyFrom(slot);
                slot.Clear();
                _head = (_head + 1) % _slots.Length;
                _count--;
                return true;
            }
        }

        // False when the message is not a command for this station.
        private bool Parse(string topic, byte[] payload, InboundCommand into)
        {
            TopicInfo info;
            string error;
            if (!TopicParser.TryParse(topic, out info, out error) || info.Kind != TopicKind.Command
                || info.StationId != _config.StationId)
            {
                return false;
            }
            int length = payload == null ? 0 : payload.Length;
            CommandMessage command;
            if (!CommandMessage.TryParse(info.CommandName, payload, 0, length, out command, out error))
            {
                string id = payload == null ? null : CommandMessage.TryReadId(payload, 0, length);
                // Without an id the gateway cannot match an answer; it still gets one, with an empty id.
                into.Id = id == null ? "" : id;
                into.Problem = error;
                return true;
            }
            into.Command = command;
            into.Id = command.Id;
            if (command.Name == CommandNames.Start)
            {
                string problem = RecipeValidator.Check(command.Recipe, _config);
                if (problem != null) into.Problem = "recipe." + problem;
            }
            return true;
        }
    }
}
