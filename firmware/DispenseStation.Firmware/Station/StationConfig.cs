namespace DispenseStation.Firmware.Station
{
    /// <summary>Limits and rates of one station. Plain fields with defaults; <see cref="Validate"/>
    /// before use. The defaults keep the runtime's buffers near 40 KB, inside an ESP32-WROOM's heap.</summary>
    public sealed class StationConfig
    {
        /// <summary>Station id: lowercase letters, digits, dash (1-32 chars); the topic level.</summary>
        public string StationId = "station-1";

        public string FirmwareVersion = "0.1.0";

        /// <summary>Pump channels fitted (recipes may use channels 0..ChannelCount-1).</summary>
        public int ChannelCount = 6;

        /// <summary>Heaviest bottle (tare + contents) the load cell and the stand take.</summary>
        public double MaxBottleGrams = 1000;

        /// <summary>Highest plate setpoint a recipe may ask for.</summary>
        public double MaxPlateC = 180;

        public int MaxSteps = 32;

        /// <summary>Longest prime or calibration run, s (pump-on time).</summary>
        public double MaxPumpRunSeconds = 120;

        /// <summary>Most grams one prime or calibration run may pump.</summary>
        public double MaxPumpRunGrams = 250;

        /// <summary>A pump run stops this far below <see cref="MaxBottleGrams"/> (liquid still in flight lands after the stop).</summary>
        public double PumpRunBottleReserveGrams = 5;

        /// <summary>A calibration's run at any one speed shorter than this (pump-on) or lighter than <see cref="MinCalibrationGrams"/>
        /// fails the calibration: too little to measure.</summary>
        public double MinCalibrationSeconds = 2;

        /// <summary>About the smallest mass the station's balances weigh to 1 % with the drop at the nozzle (0.54 g,
        /// hardware/WEIGHING.md), so each point of the table is good to about 1 %.</summary>
        public double MinCalibrationGrams = 0.5;

        public int MaxBakeSegments = 8;

        /// <summary>Longest time any single step (timeout, mix, hold) may take.</summary>
        public double MaxStepSeconds = 4 * 3600;

        /// <summary>Tightest dose tolerance the scale can honour.</summary>
        public double MinToleranceGrams = 0.005;

        /// <summary>Telemetry period; 200 ms is the contract's default 5 Hz.</summary>
        public int TelemetryPeriodMs = 200;

        /// <summary>How long the heater may keep running with the link down.</summary>
        public int LinkHoldMs = 30000;

        /// <summary>The main loop must feed the watchdog at least this often.</summary>
        public int WatchdogTimeoutMs = 2000;

        /// <summary>Longest a tare or wait-stable step waits when the recipe gives no timeout.</summary>
        public double DefaultStableTimeoutS = 60;

        /// <summary>Messages the outbox holds while the link is down.</summary>
        public int OutboxCapacity = 32;

        /// <summary>Bytes of the outbox's ring (each message takes its length plus 2); 0: room for
        /// <see cref="OutboxCapacity"/> messages of <see cref="MaxMessageBytes"/>, so only the count limits it.</summary>
        public int OutboxBytes;

        /// <summary>Largest single event or command-result message.</summary>
        public int MaxMessageBytes = 512;

        /// <summary>Largest control recipe, as stored for reboot recovery (its encoded bytes); sizes the
        /// durable-record frame. The protocol's <see cref="DispenseStation.Protocol.Messages.Limits.MaxRecipeBytes"/>,
        /// which the gateway checks before it sends a start; lower only to test the station's own refusal.</summary>
        public int MaxRecipeBytes = DispenseStation.Protocol.Messages.Limits.MaxRecipeBytes;

        /// <summary>Telemetry samples kept while the link is down (older ones are thinned out).</summary>
        public int TelemetryBacklog = 10;

        /// <summary>Commands per tick taken from the worker's parsed slots (bounds the tick time; also
        /// the number of slots).</summary>
        public int CommandsPerTick = 4;

        /// <summary>Longest a start, a set-gains or a step waits for its record to reach flash before
        /// it counts as failed (rejected, or the batch held with record-not-stored). Below the
        /// gateway's command time-out (10 s by default), so a start is always answered in time.</summary>
        public int RecordTimeoutMs = 5000;

        /// <summary>Command ids remembered for idempotent re-delivery.</summary>
        public int RememberedCommands = 32;

        /// <summary>Null when usable, else the first bad field and the rule.</summary>
        public string Validate()
        {
            string id = DispenseStation.Protocol.StationId.Check(StationId);
            if (id != null) return "stationId: " + id;
            if (ChannelCount < 1 || ChannelCount > 8) return "channelCount: must be 1..8";
            if (!(MaxBottleGrams > 0)) return "maxBottleGrams: must be > 0";
            if (!(MaxPlateC > 0) || MaxPlateC > 400) return "maxPlateC: must be in (0, 400]";
            if (MaxSteps < 1 || MaxSteps > 64) return "maxSteps: must be 1..64";
            if (!(MaxPumpRunSeconds > 0) || MaxPumpRunSeconds > DispenseStation.Protocol.Pumps.PumpCommands.MaxSeconds) return "maxPumpRunSeconds: must be in (0, 600]";
            if (!(MaxPumpRunGrams > 0) || MaxPumpRunGrams > DispenseStation.Protocol.Pumps.PumpCommands.MaxGrams) return "maxPumpRunGrams: must be in (0, 1000]";
            if (!(PumpRunBottleReserveGrams >= 0)) return "pumpRunBottleReserveGrams: must be >= 0";
            if (!(MinCalibrationSeconds > 0)) return "minCalibrationSeconds: must be > 0";
            if (!(MinCalibrationGrams > 0)) return "minCalibrationGrams: must be > 0";
            if (MaxBakeSegments < 1 || MaxBakeSegments > 16) return "maxBakeSegments: must be 1..16";
            if (!(MaxStepSeconds > 0)) return "maxStepSeconds: must be > 0";
            if (!(MinToleranceGrams > 0)) return "minToleranceGrams: must be > 0";
            if (TelemetryPeriodMs < 20 || TelemetryPeriodMs > 60000) return "telemetryPeriodMs: must be 20..60000";
            if (LinkHoldMs < 0) return "linkHoldMs: must be >= 0";
            if (WatchdogTimeoutMs < 10) return "watchdogTimeoutMs: must be >= 10";
            if (!(DefaultStableTimeoutS > 0)) return "defaultStableTimeoutS: must be > 0";
            if (OutboxCapacity < 4) return "outboxCapacity: must be >= 4";
            if (MaxMessageBytes < 256 || MaxMessageBytes > 32767) return "maxMessageBytes: must be 256..32767";
            if (OutboxBytes != 0 && OutboxBytes < MaxMessageBytes + 2) return "outboxBytes: must be 0 or at least maxMessageBytes + 2";
            if (MaxRecipeBytes < 512 || MaxRecipeBytes > DispenseStation.Protocol.Messages.Limits.MaxRecipeBytes)
                return "maxRecipeBytes: must be 512.." + DispenseStation.Protocol.Messages.Limits.MaxRecipeBytes.ToString() + " (Limits.MaxRecipeBytes)";
            if (TelemetryBacklog < 1 || TelemetryBacklog > 64) return "telemetryBacklog: must be 1..64";
            if (CommandsPerTick < 1) return "commandsPerTick: must be >= 1";
            if (RememberedCommands < 1) return "rememberedCommands: must be >= 1";
            if (RecordTimeoutMs < 100) return "recordTimeoutMs: must be >= 100";
            return null;
        }
    }
}
