using System.Text;
using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Station.PumpRuns;

/// <summary>
/// The station runtime on the real doser over the simulated pumps, load cell and pump power relay
/// (hardware/plant/dosing.json), with a fake hotplate and link, stepped in 10 ms ticks as the virtual
/// station does: what the pump-run tests see is what a technician's waste bottle would get.
/// </summary>
internal sealed class PumpStation
{
    public const string Id = "st-1";
    public const int TickMs = 10;

    public DosingRig Rig { get; }
    public FakeLink Link { get; } = new();
    public FaultyFileStore Files { get; }
    public FakeInput EStop { get; } = new();
    public FakeInput PumpInterlock { get; } = new();
    /// <summary>The simulated plate when the test asked for one (<see cref="WithPlate"/>), else null and a fake hotplate.</summary>
    public Simulation.Thermal.HotplateRig? Plate { get; }
    public DoseChannelSettings[] Channels { get; }
    public Doser Doser { get; }
    public DoserDosingProcess Dosing { get; }
    public StationConfig Config { get; }
    public StationRuntime Station { get; }
    private int _counter;

    public PumpStation(StationConfig? config = null, FaultyFileStore? files = null, DosingRig? rig = null, int seed = 1, bool withPlate = false,
        DosingPlantParameters? plant = null)
    {
        plant ??= rig?.Parameters ?? DosingPlantParameters.LoadDefault();
        Rig = rig ?? new DosingRig(plant, seed);
        Files = files ?? new FaultyFileStore();
        Channels = ReferenceStation.ChannelSettings(plant);
        var scale = Rig.CreateScale();
        Doser = new Doser(scale, Rig.PumpOutputs, Channels, Rig.Clock, rig == null ? Rig.TakePumpPower() : Rig.PumpPower);
        Dosing = new DoserDosingProcess(scale, Doser, Rig.PumpOutputs, Channels, Rig.Clock);
        IHotplateProcess hotplate = new FakeHotplate(Rig.Clock);
        if (withPlate)
        {
            // The real thermal process on the simulated plate, for rules that involve an autotune or a bake job.
            var parameters = Simulation.Thermal.HotplateParameters.LoadDefault();
            Plate = new Simulation.Thermal.HotplateRig(parameters, seed + 1, 25);
            var controller = new DispenseStation.Firmware.Thermal.HotplateController(Plate.Sensor, Plate.Heater, new DispenseStation.Firmware.Thermal.HotplateConfig());
            controller.ApplyTuning(Simulation.BakeJobs.WaferDownScenario.Tuning(parameters, 110), DispenseStation.Firmware.Thermal.TuningRule.SimcPid);
            hotplate = new ThermalHotplateProcess(controller, Rig.Clock, 16);
        }
        Config = config ?? new StationConfig { StationId = Id, LinkHoldMs = 10_000 };
        Config.ChannelCount = Channels.Length;
        Station = new StationRuntime(new StationPorts
        {
            Clock = Rig.Clock, Link = Link, Files = Files, EStop = EStop, PumpInterlock = PumpInterlock,
            Hotplate = hotplate, Dosing = Dosing,
        }, Config);
        Run(2); // first readings, a stable scale
    }

    /// <summary>Power cycle: same flash and plant, new RAM.</summary>
    public PumpStation Reboot()
    {
        Files.PowerOn();
        return new PumpStation(Config, Files, Rig);
    }

    public static PumpStation WithPlate() => new(withPlate: true);

    public void Step()
    {
        Rig.Step(TickMs);
        Plate?.Advance(TickMs);
        Station.Worker.RunOnce(); // commands parsed and records written off the tick, as on the ESP32's worker thread
        Station.Tick();
    }

    public void Run(double seconds)
    {
        for (int i = 0; i < (int)Math.Round(seconds * 1000 / TickMs); i++) Step();
    }

    public void RunUntil(Func<bool> done, double maxSeconds)
    {
        long limit = Rig.Clock.UptimeMs + (long)(maxSeconds * 1000);
        while (!done())
        {
            if (Rig.Clock.UptimeMs > limit) throw new Xunit.Sdk.XunitException($"condition not reached in {maxSeconds} s; state {Station.State}");
            Step();
        }
    }

    /// <summary>Delivers the command and runs one tick; returns its id.</summary>
    public string Send(CommandMessage cmd)
    {
        cmd.Id ??= "c" + (++_counter);
        var w = new JsonWriter(16384);
        int n = cmd.WriteTo(w);
        Link.Deliver(Topics.Command(Id, cmd.Name), Encoding.UTF8.GetString(w.Buffer, 0, n));
        Step();
        // A start or set-gains is answered once its record is on flash: a tick or two later.
        for (int i = 0; i < 20 && Station.CommandAwaitingRecord == cmd.Id; i++) Step();
        return cmd.Id;
    }

    public string Send(string name) => Send(new CommandMessage { Name = name });

    public string Prime(int channel, double speed, double seconds = double.NaN, double grams = double.NaN) =>
        Send(new CommandMessage { Name = CommandNames.Prime, Channel = channel, Speed = speed, Seconds = seconds, Grams = grams });

    /// <summary>calibrate-pump at <paramref name="speeds"/> (null = the default set), the seconds and/or grams per speed.</summary>
    public string Calibrate(int channel, double[]? speeds, double seconds = double.NaN, double grams = double.NaN) =>
        Send(new CommandMessage { Name = CommandNames.CalibratePump, Channel = channel, Speeds = speeds, Seconds = seconds, Grams = grams });

    public CommandResultMessage ResultFor(string id) => Parsed(Topics.CommandResult(Id), b =>
        (CommandResultMessage.TryParse(b, 0, b.Length, out var m, out _), m)).Last(r => r.Id == id);

    /// <summary>The pump-run events so far (other events skipped).</summary>
    public List<PumpRunEvent> PumpRuns() => Link.Published.Where(p => p.Topic == Topics.Event(Id) && p.Payload.Contains("\"pump-run\""))
        .Select(p =>
        {
            var b = Encoding.UTF8.GetBytes(p.Payload);
            Assert.True(PumpRunEvent.TryParse(b, 0, b.Length, out var e, out var error), error);
            return e;
        }).ToList();

    /// <summary>Runs until no pump run is active and returns the last pump-run event (the run's outcome).</summary>
    public PumpRunEvent WaitForRun(double maxSeconds = 200)
    {
        RunUntil(() => !Station.PumpRunActive, maxSeconds);
        Step(); // the outbox drains at the start of the next tick too
        return PumpRuns().Last();
    }

    /// <summary>Every pump's commanded speed is 0 and the pump power relay is open.</summary>
    public bool PumpsOff => Rig.Pumps.All(p => p.CommandedSpeed == 0) && !Rig.PumpPower.IsEnabled;

    private IEnumerable<T> Parsed<T>(string topic, Func<byte[], (bool, T)> parse)
    {
        foreach (var p in Link.Published.Where(p => p.Topic == topic))
        {
            var (ok, m) = parse(Encoding.UTF8.GetBytes(p.Payload));
            Assert.True(ok, p.Payload);
            yield return m;
        }
    }
}
