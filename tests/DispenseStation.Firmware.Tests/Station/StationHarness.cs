using System.Text;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>A station over fakes, stepped in simulated time (100 ms ticks), with helpers to send
/// commands and read back what it published.</summary>
internal sealed class StationHarness
{
    public const string Id = "st-1";
    public const int TickMs = 100;

    public ManualClock Clock { get; }
    public FakeLink Link { get; }
    public FaultyFileStore Files { get; }
    /// <summary>What the station writes through: <see cref="Files"/>, or a test's wrapper around it.</summary>
    public IFileStore Store { get; }
    public FakeInput EStop { get; } = new();
    public FakeInput HeaterInterlock { get; } = new();
    public FakeInput PumpInterlock { get; } = new();
    public FakeHotplate Hotplate { get; }
    /// <summary>What the station drives: <see cref="Hotplate"/> unless the test supplied its own process.</summary>
    public IHotplateProcess HotplateProcess { get; }
    private readonly Func<ManualClock, IHotplateProcess>? _hotplateFactory;
    private readonly Action? _beforeTick;
    private readonly Func<FaultyFileStore, IFileStore>? _store;
    public FakeDosing Dosing { get; }
    public StationConfig Config { get; }
    public StationRuntime Station { get; private set; }
    private int _commandCounter;

    public StationHarness(StationConfig? config = null, FaultyFileStore? files = null, FakeDosing.BottleMass? bottle = null,
        ManualClock? clock = null, Func<ManualClock, IHotplateProcess>? hotplate = null, Action? beforeTick = null,
        Func<FaultyFileStore, IFileStore>? store = null, DispenseStation.Firmware.Ports.IWallClock? wallClock = null)
    {
        WallClock = wallClock;
        Clock = clock ?? new ManualClock();
        Link = new FakeLink();
        Files = files ?? new FaultyFileStore();
        _store = store;
        Store = store == null ? Files : store(Files);
        Hotplate = new FakeHotplate(Clock);
        _hotplateFactory = hotplate;
        _beforeTick = beforeTick;
        HotplateProcess = hotplate == null ? Hotplate : hotplate(Clock);
        Dosing = new FakeDosing(Clock, bottle ?? new FakeDosing.BottleMass());
        Config = config ?? new StationConfig { StationId = Id, LinkHoldMs = 10_000 };
        Station = new StationRuntime(Ports(), Config);
    }

    /// <summary>Calendar time for "utc" and calibration dates; null = the station does not know UTC.</summary>
    public DispenseStation.Firmware.Ports.IWallClock? WallClock { get; }

    public StationPorts Ports() => new()
    {
        Clock = Clock, Link = Link, Files = Store, EStop = EStop, HeaterInterlock = HeaterInterlock, WallClock = WallClock!,
        PumpInterlock = PumpInterlock, Hotplate = HotplateProcess, Dosing = Dosing,
    };

    /// <summary>Power cycle: same flash, bottle and clock; new RAM (runtime, scale, hotplate, link).</summary>
    public StationHarness Reboot()
    {
        Files.PowerOn();
        return new(Config, Files, Dosing.Bottle, Clock, _hotplateFactory, _beforeTick, _store, WallClock);
    }

    public void Run(double seconds)
    {
        int ticks = (int)Math.Round(seconds * 1000 / TickMs);
        for (int i = 0; i < ticks; i++) Step();
    }

    /// <summary>One loop period: the station worker's pass (commands parsed, records written: on the
    /// ESP32 its own thread does this while the loop sleeps), then the tick.</summary>
    public void Step()
    {
        _beforeTick?.Invoke();
        Clock.Advance(TickMs);
        Station.Worker.RunOnce();
        Station.Tick();
    }

    /// <summary>Ticks until the predicate holds; fails the test after <paramref name="maxSeconds"/>.</summary>
    public void RunUntil(Func<bool> done, double maxSeconds = 3600)
    {
        long limit = Clock.UptimeMs + (long)(maxSeconds * 1000);
        while (!done())
        {
            if (Clock.UptimeMs > limit) throw new Xunit.Sdk.XunitException($"condition not reached in {maxSeconds} s; state {Station.State}");
            Step();
        }
    }

    public string Send(string name, ControlRecipe? recipe = null, int stepIndex = -1, string? id = null) =>
        Send(new CommandMessage { Id = id!, Name = name, Recipe = recipe!, StepIndex = stepIndex });

    public string Send(CommandMessage cmd)
    {
        string id = cmd.Id ??= "c" + (++_commandCounter);
        string name = cmd.Name;
        var w = new JsonWriter(16384);
        int n = cmd.WriteTo(w);
        Link.Deliver(Topics.Command(Id, name), Encoding.UTF8.GetString(w.Buffer, 0, n));
        Step();
        // A start or set-gains is answered once its record is on flash: a tick or two later.
        for (int i = 0; i < 20 && Station.CommandAwaitingRecord == id; i++) Step();
        return id;
    }

    public CommandResultMessage ResultFor(string id) => Results().Last(r => r.Id == id);

    public IEnumerable<CommandResultMessage> Results() =>
        Parsed<CommandResultMessage>(Topics.CommandResult(Id), (b, o, l) => (CommandResultMessage.TryParse(b, o, l, out var m, out _), m));

    public List<EventMessage> Events() =>
        Parsed<EventMessage>(Topics.Event(Id), (b, o, l) => (EventMessage.TryParse(b, o, l, out var m, out _), m)).ToList();

    public StateMessage LastState() =>
        Parsed<StateMessage>(Topics.State(Id), (b, o, l) => (StateMessage.TryParse(b, o, l, out var m, out _), m)).Last();

    public List<TelemetryMessage> Telemetry() =>
        Parsed<TelemetryMessage>(Topics.Telemetry(Id), (b, o, l) => (TelemetryMessage.TryParse(b, o, l, out var m, out _), m)).ToList();

    private IEnumerable<T> Parsed<T>(string topic, Func<byte[], int, int, (bool, T)> parse)
    {
        foreach (var p in Link.Published.Where(p => p.Topic == topic))
        {
            var bytes = Encoding.UTF8.GetBytes(p.Payload);
            var (ok, m) = parse(bytes, 0, bytes.Length);
            if (!ok) throw new Xunit.Sdk.XunitException("unparseable " + topic + ": " + p.Payload);
            yield return m;
        }
    }

    public static ControlRecipe SampleRecipe(string batchId = "B-1") => new()
    {
        BatchId = batchId,
        RecipeName = "test recipe",
        MaxBottleGrams = 250,
        Steps = new[]
        {
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare bottle", TimeoutS = 10 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "resin", Channel = 0, TargetGrams = 40, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "PAG", Channel = 1, TargetGrams = 4.5, ToleranceGrams = 0.01, TimeoutS = 120 },
            new RecipeStep { Kind = StepKinds.WaitStable, Name = "settle", TimeoutS = 30, DurationS = 2 },
            new RecipeStep { Kind = StepKinds.Mix, Name = "roll", DurationS = 30 },
            new RecipeStep { Kind = StepKinds.Prompt, Name = "load wafer", PromptText = "Place a wafer, then confirm." },
            new RecipeStep
            {
                Kind = StepKinds.Bake, Name = "PAB + PEB",
                Bake = new[] { new BakeSegment(100, 0, 60, 0.5), new BakeSegment(110, 0, 60, 0.3) },
            },
        },
    };
}
