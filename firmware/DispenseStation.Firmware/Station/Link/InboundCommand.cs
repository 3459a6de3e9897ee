using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Station.Link
{
    /// <summary>One received command as the station worker parsed it (<see cref="CommandInbox"/>):
    /// either a command, or a payload that did not parse (answered with the id read from it, if any).</summary>
    public sealed class InboundCommand
    {
        /// <summary>The parsed command, or null when the payload did not parse.</summary>
        public CommandMessage Command;

        /// <summary>Malformed payload: the id read from it ("" when none); else the command's id.</summary>
        public string Id;

        /// <summary>Malformed payload: the parse error. A start command: why its recipe breaks this
        /// station's limits (already prefixed "recipe."), or null.</summary>
        public string Problem;

        public void Clear()
        {
            Command = null;
            Id = null;
            Problem = null;
        }

        public void CopyFrom(InboundCommand other)
        {
            Command = other.Command;
            Id = other.Id;
            Problem = other.Problem;
        }
    }
}
