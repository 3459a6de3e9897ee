using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Scale;
using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// The station core built on the ESP32's ports: scale and doser behind the dosing process, the
    /// hotplate controller behind the hotplate process, and the station runtime over both. All of
    /// it is allocated here, once, at boot. Program and the memory-budget tests build the station
    /// through this one constructor, so what is measured is what runs.
    /// </summary>
    public sealed class StationAssembly
    {
        /// <summary>Nominal span of the reference load cell (2 mV/V, 3.3 V, gain 128) until calibrated.</summary>
        public const double NominalCountsPerGram = 1400;

        /// <summary>Messages the outbox holds while the link is down (the core's default is 32).</summary>
        public const int EspOutboxCapacity = 16;

        /// <summary>Bytes of the outbox's ring: 16 messages of 254 bytes on average (events and command
        /// results are 150-300 bytes; a message of MaxMessageBytes always fits, dropping the oldest).</summary>
        public const int EspOutboxBytes = 4096;

        /// <summary>Command ids remembered for idempotent re-delivery (the core's default is 32). The gateway
        /// sends a station one command at a time and waits for its answer; a re-delivery (QoS 1 after a
        /// reconnect, a retry) repeats one of the last few. Each remembered command also keeps its id and
        /// reason strings (about 0.2 KB) on the heap.</summary>
        public const int EspRememberedCommands = 16;

        /// <summary>Tuning-set versions the plate keeps for restore (the core's default is 8; each ~180 B).
        /// The gateway keeps current gains and the last autotune only, so a version older than these
        /// four can no longer be restored whole (gains and model) from anywhere.</summary>
        public const int EspTuningSetsKept = 4;

        public StationAssembly(StationHardware hw, StationSettings settings, string firmwareVersion)
        {
            if (hw == null) throw new System.ArgumentNullException("hw");
            if (settings == null) throw new System.ArgumentNullException("settings");
            if (hw.Pumps == null || hw.Pumps.Length == 0) throw new System.ArgumentException("hardware.pumps: at least one pump is required");
            if (hw.LoadCell == null) throw new System.ArgumentException("hardware.loadCell: required");
            if (hw.PlateSensor == null || hw.Heater == null) throw new System.ArgumentException("hardware.plateSensor and hardware.heater: required");

            Config = new StationConfig();
            Config.StationId = settings.StationId;
            Config.FirmwareVersion = firmwareVersion;
            Config.ChannelCount = hw.Pumps.Length;
            // The ESP32's heap (80 KB at the low end, hardware/esp32-budget.md): 16 queued events and
            // command results packed in 4 KB (rather than 16 slots of 512 B) ride out a link drop.
            Config.OutboxCapacity = EspOutboxCapacity;
            Config.OutboxBytes = EspOutboxBytes;
            Config.RememberedCommands = EspRememberedCommands;

            Scale = new WeighScale(hw.LoadCell, hw.Clock, Calibration(settings), new ScaleSettings());
            DoseChannelSettings[] channels = Channels(settings, hw.Pumps.Length);
            Doser = new Doser(Scale, hw.Pumps, channels, hw.Clock);

            HotplateConfig thermal = new HotplateConfig();
            if (thermal.MaxSetpointC > Config.MaxPlateC) thermal.MaxSetpointC = Config.MaxPlateC;
            // 720 B of the 60 KB start-up budget (hardware/BUDGET.md).
            thermal.TuningSetsKept = EspTuningSetsKept;
            Hotplate = new HotplateController(hw.PlateSensor, hw.Heater, thermal);

            StationPorts ports = new StationPorts();
            ports.Clock = hw.Clock;
            ports.Link = hw.Link;
            ports.Files = hw.Store;
            ports.WallClock = hw.WallClock;
            ports.EStop = hw.EStop;
            ports.HeaterInterlock = hw.Lid;
            ports.PumpInterlock = hw.BottleAbsent;
            ports.Hotplate = new ThermalHotplateProcess(Hotplate, hw.Clock, Config.MaxBakeSegments);
            ports.Dosing = new DoserDosingProcess(Scale, Doser, hw.Pumps, channels, hw.Clock);
            Runtime = new StationRuntime(ports, Config);
        }

        public StationConfig Config { get; private set; }
        public WeighScale Scale { get; private set; }
        public Doser Doser { get; private set; }
        public HotplateController Hotplate { get; private set; }
        public StationRuntime Runtime { get; private set; }

        private static ScaleCalibration Calibration(StationSettings settings)
        {
            // The nominal span converts but is no calibration: the station reports "scale": false until it has one.
            if (double.IsNaN(settings.ScaleZeroCounts)) return ScaleCalibration.Nominal(NominalCountsPerGram);
            return new ScaleCalibration(settings.ScaleZeroCounts, settings.ScaleCountsPerGram, true,
                settings.ScaleCalibratedUtcMs, settings.ScaleReferenceGrams);
        }

        private static DoseChannelSettings[] Channels(StationSettings settings, int pumpCount)
        {
            double[] flows = settings.PumpFlowGramsPerS;
            if (flows != null && flows.Length != pumpCount)
            {
                throw new System.ArgumentException("pump.flow: " + flows.Length + " values given but " + pumpCount + " pumps are fitted");
            }
            DoseChannelSettings[] channels = new DoseChannelSettings[pumpCount];
            for (int i = 0; i < pumpCount; i++)
            {
                channels[i] = flows != null ? ChannelCommissioning.FromFlow(flows[i]) : new DoseChannelSettings();
            }
            return channels;
        }
    }
}
