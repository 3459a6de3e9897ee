using System.Collections.Generic;
using System.Linq;
using DispenseStation.Firmware.Ports;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using DispenseStation.Simulation.Dosing;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// The ESP32 station exactly as Program assembles it (<see cref="StationAssembly"/>), on simulated
/// ports instead of the drivers: the dosing rig's load cell and first four pumps, the hotplate
/// rig's RTD and SSR. Stepped at Program's control period in simulated time.
/// </summary>
internal sealed class SimulatedEsp32Station
{
    public const string Id = "esp-1";
    public const int PumpCount = 4;

    /// <param name="plateStartC">The plate's temperature at power-up (a bake scenario starts it near its setpoint).</param>
    public SimulatedEsp32Station(double plateStartC = 22)
    {
        var dosing = DosingPlantParameters.LoadDefault();
        Dosing = new DosingRig(dosing, 1);
        Plate = new HotplateRig(HotplateParameters.LoadDefault(), 2, plateStartC);
        Pumps = Dosing.PumpOutputs.Take(PumpCount).ToArray();
        Settings = new StationSettings
        {
            StationId = Id,
            ScaleZeroCounts = dosing.LoadCell.ZeroCounts,
            ScaleCountsPerGram = dosing.LoadCell.CountsPerGram,
            PumpFlowGramsPerS = Dosing.Pumps.Take(PumpCount).Select(p => p.NominalMaxGramsPerS).ToArray(),
        };
        Hardware = new StationHardware
        {
            Clock = Dosing.Clock,
            LoadCell = Dosing.LoadCell,
            PlateSensor = Plate.Sensor,
            Heater = Plate.Heater,
            Pumps = Pumps,
            EStop = new Switch(),
            Lid = new Switch(),
            BottleAbsent = new BottleSwitch(Dosing),
            Link = Link,
            Store = Store,
        };
    }

    public DosingRig Dosing { get; }
    public HotplateRig Plate { get; }
    public IPumpOutput[] Pumps { get; }
    public StationSettings Settings { get; }
    public StationHardware Hardware { get; }
    public QuietLink Link { get; } = new();
    public MemoryStore Store { get; } = new();
    public StationAssembly Station { get; private set; }

    public StationAssembly Assemble() => Station = new StationAssembly(Hardware, Settings, Program.FirmwareVersion);

    /// <summary>Plant physics for one control period (not measured), then the watchdog check Program's timer makes.</summary>
    public void Physics()
    {
        Dosing.Step(Program.ControlPeriodMs);
        Plate.Advance(Program.ControlPeriodMs);
        Station.Hotplate.Safety.CheckWatchdog(Dosing.Clock.UptimeMs);
    }

    /// <summary>Physics, the station worker's pass (Program runs it on its own thread), then the tick.</summary>
    public void Step()
    {
        Physics();
        Station.Runtime.Worker.RunOnce();
        Station.Runtime.Tick();
    }

    public void RunUntil(System.Func<bool> done, double maxSeconds)
    {
        long limit = Dosing.Clock.UptimeMs + (long)(maxSeconds * 1000);
        while (!done())
        {
            if (Dosing.Clock.UptimeMs > limit)
                throw new Xunit.Sdk.XunitException($"not reached in {maxSeconds} s; state {Station.Runtime.State}, plate {Station.Hotplate.TemperatureC:F1} C, fault {Station.Hotplate.Fault}");
            Step();
        }
    }

    public void Start(ControlRecipe recipe) => Send(new CommandMessage { Id = "c-start", Name = CommandNames.Start, Recipe = recipe });

    /// <summary>A command as the gateway publishes it, queued on the link for the station worker.</summary>
    public void Send(CommandMessage command)
    {
        var w = new JsonWriter(16384);
        int n = command.WriteTo(w);
        Link.Inbox.Enqueue((Topics.Command(Id, command.Name), w.Buffer[..n]));
    }

    /// <summary>Tare, one 40 g dose on channel 0, then a 100 °C bake held for 10 minutes.</summary>
    public static ControlRecipe DoseThenBake() => new()
    {
        BatchId = "B-esp",
        RecipeName = "budget",
        MaxBottleGrams = 250,
        Steps = new[]
        {
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare", TimeoutS = 30 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "resin", Channel = 0, TargetGrams = 40, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Bake, Name = "PAB", Bake = new[] { new BakeSegment(100, 0, 600, 1.0) } },
        },
    };

    public sealed class Switch : IDigitalInput
    {
        public bool IsActive { get; set; }
    }

    private sealed class BottleSwitch(DosingRig rig) : IDigitalInput
    {
        public bool IsActive => !rig.BottlePresent;
    }

    /// <summary>A connected link that counts publishes and allocates nothing per publish.</summary>
    public sealed class QuietLink : IMessageLink
    {
        /// <summary>Thread-safe: the station worker takes from it on its own thread in some tests.</summary>
        public readonly System.Collections.Concurrent.ConcurrentQueue<(string Topic, byte[] Payload)> Inbox = new();
        public int PublishCount;
        public long PublishedBytes;
        /// <summary>When set, each publish's topic and length are added (allocates: not for the budget tests).</summary>
        public List<(string Topic, int Length)> Lengths;
        public bool IsConnected => true;
        public int ConnectionEpoch => 1;

        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            PublishCount++;
            PublishedBytes += length;
            Lengths?.Add((topic, length));
            return true;
        }

        public bool TryReceive(out string topic, out byte[] payload)
        {
            if (Inbox.TryDequeue(out var m))
            {
                topic = m.Topic;
                payload = m.Payload;
                return true;
            }
            topic = null;
            payload = null;
            return false;
        }
    }
}
