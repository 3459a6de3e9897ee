using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Processes;

namespace DispenseStation.Firmware.Station
{
    /// <summary>What a host (ESP32 Program.cs, VirtualStation) hands the station runtime.</summary>
    public sealed class StationPorts
    {
        public IClock Clock;

        /// <summary>Optional clock of the software watchdog (defaults to <see cref="Clock"/>): a host
        /// running simulated time gives it the wall clock, so a stalled loop is still noticed.</summary>
        public IClock WatchdogClock;
        public IMessageLink Link;
        public IFileStore Files;

        /// <summary>Optional: calendar time for the messages' "utc" (SNTP on the ESP32); without it, or
        /// while it reports -1, messages carry uptime ("ts") only.</summary>
        public IWallClock WallClock;

        /// <summary>Required; active = pressed (wire it fail-safe: a broken wire reads active).</summary>
        public IDigitalInput EStop;

        /// <summary>Optional: plate cover / hardware over-temperature contact.</summary>
        public IDigitalInput HeaterInterlock;

        /// <summary>Optional: bottle present / splash lid.</summary>
        public IDigitalInput PumpInterlock;

        /// <summary>Optional: wafer on the plate (lift pins, proximity switch); bake jobs take
        /// wafer-down and removal from it when fitted.</summary>
        public IDigitalInput WaferPresent;

        public IHotplateProcess Hotplate;
        public IDosingProcess Dosing;

        /// <summary>Null when complete, else the missing port.</summary>
        public string Validate()
        {
            if (Clock == null) return "ports.clock: required";
            if (Link == null) return "ports.link: required";
            if (Files == null) return "ports.files: required";
            if (EStop == null) return "ports.eStop: required";
            if (Hotplate == null) return "ports.hotplate: required";
            if (Dosing == null) return "ports.dosing: required";
            return null;
        }
    }
}
