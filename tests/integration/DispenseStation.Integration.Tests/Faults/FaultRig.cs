using System.Diagnostics;
using DispenseStation.Firmware.Station;
using DispenseStation.Integration.Tests.Station;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using DispenseStation.VirtualStation.Mqtt;
using DispenseStation.VirtualStation.Simulation;
using DispenseStation.VirtualStation.Storage;

namespace DispenseStation.Integration.Tests.Faults;

/// <summary>
/// One virtual station (the firmware core on the simulated plant, linked over MQTTnet) against the
/// in-process broker, watched by a gateway probe, stepped by the test in simulated time so that a
/// fault lands at a known moment. Also watches the outputs every tick: the simulated SSR and the
/// simulated pump drives are the ground truth for "heater off" and "pumps off".
/// </summary>
internal sealed class FaultRig : IAsyncDisposable
{
    public const string Station = "ft-1";
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "ds-faults-" + Guid.NewGuid().ToString("N"));
    private readonly StationConfig _config = new() { StationId = Station, LinkHoldMs = 30_000 };
    private readonly PlantSettings _plant;
    private int _commands;

    private FaultRig(InProcessBroker broker, GatewayProbe probe, int seed)
    {
        Broker = broker;
        Probe = probe;
        _plant = PlantSettings.Default(seed);
        Store = new DirectoryFileStore(_stateDir);
        Flash = new TearingFileStore(Store);
        Link = NewLink();
        Sim = new SimulatedStation(_config, Link, Flash, _plant);
        Board = new HardwareSupervisor(Sim, SupervisorTimeoutMs);
    }

    /// <summary>The board's TPS3823A time-out (1.6 s typical, hardware/BOM.md): the rig's station is fed through it.</summary>
    public const long SupervisorTimeoutMs = 1600;

    /// <summary>TPS3823 /RESET pulse: the board is held in reset this long before it boots again.</summary>
    public const double SupervisorResetS = 0.2;

    /// <summary>The station's board with its external watchdog IC (renewed when the station boots again).</summary>
    public HardwareSupervisor Board { get; private set; }

    /// <summary>When the watchdog IC last reset the board, or -1.</summary>
    public long WatchdogResetAtMs { get; private set; } = -1;

    /// <summary>While set with <see cref="TickStalled"/>, the whole MCU is hung: the heater watchdog timer does not run either, only the IC does.</summary>
    public bool McuHung { get; set; }
    public InProcessBroker Broker { get; private set; }
    public GatewayProbe Probe { get; }
    public MqttMessageLink Link { get; private set; }
    public DirectoryFileStore Store { get; }

    /// <summary>What the station writes through: the store, with a power cut that can tear a write.</summary>
    public TearingFileStore Flash { get; }
    public SimulatedStation Sim { get; private set; }
    public long NowMs => Sim.Clock.UptimeMs;

    /// <summary>While set, the control tick does not run (a hung main loop); physics and the
    /// independent heater watchdog timer go on.</summary>
    public bool TickStalled { get; set; }

    private readonly List<(long Ms, bool Heater, bool Pumps)> _outputs = new();

    /// <summary>When the fault's cause went away by design (the broker back, the loop running again), or -1:
    /// outputs may run again after it, so the safe-state bound is judged up to this moment.</summary>
    public long RecoveredAtMs { get; set; } = -1;

    public bool HeaterOn => Sim.HotplateRig.Heater.IsOn || Sim.HotplateRig.Heater.AppliedDuty > 0;
    public bool PumpsOn => Sim.DosingRig.Pumps.Any(p => p.ActualSpeed > 0 || p.CommandedSpeed > 0);

    public static async Task<FaultRig> StartAsync(int seed = 1)
    {
        var broker = await InProcessBroker.StartAsync();
        var probe = await GatewayProbe.ConnectAsync(broker.Port, Station);
        var rig = new FaultRig(broker, probe, seed);
        rig.Link.Start();
        await rig.RunUntilAsync(() => rig.Probe.States().Any(s => s.Online && s.PackMlState == PackMlStates.Idle), 60, "station online and Idle");
        return rig;
    }

    private MqttMessageLink NewLink() => new(new MqttLinkSettings
    {
        StationId = Station,
        Host = "127.0.0.1",
        Port = Broker.Port,
        Username = Station,
        Password = InProcessBroker.StationPassword,
    });

    /// <summary>Starts the output timeline at the fault.</summary>
    public void ResetOutputWatch()
    {
        _outputs.Clear();
        _outputs.Add((NowMs, HeaterOn, PumpsOn));
        RecoveredAtMs = -1;
    }

    /// <summary>The last simulated time in [from, until] at which one of the outputs was on, or -1.</summary>
    public long LastOnMs(bool heater, bool pumps, long from, long until)
    {
        long last = -1;
        for (int i = 0; i < _outputs.Count; i++)
        {
            var (ms, h, p) = _outputs[i];
            if (ms > until) break;
            bool on = (heater && h) || (pumps && p);
            long end = i + 1 < _outputs.Count ? Math.Min(_outputs[i + 1].Ms - SimulatedStation.TickMs, until) : until;
            if (on && end >= from) last = Math.Max(last, end);
        }
        return last;
    }

    public void StepOnce()
    {
        if (TickStalled)
        {
            // What keeps running on the board when the main loop hangs: the plant, the external watchdog IC
            // (no WDI edge) and, unless the whole MCU is hung, the heater watchdog on its own timer.
            Board.StepStalled();
            if (!McuHung) Sim.Controller.Safety.CheckWatchdog(NowMs);
        }
        else
        {
            Board.Step();
        }
        bool heater = HeaterOn, pumps = PumpsOn;
        if (_outputs.Count > 0 && (_outputs[^1].Heater != heater || _outputs[^1].Pumps != pumps)) _outputs.Add((NowMs, heater, pumps));
    }

    /// <summary>Steps simulated time until the condition holds; the MQTT tasks run between slices.</summary>
    /// <param name="speed">Simulated seconds per wall second, or 0 for as fast as the CPU allows. Paced runs
    /// are for spans that involve the network (a broker going away, a reconnect), which take wall time.</param>
    public async Task RunUntilAsync(Func<bool> condition, double maxSimS, string what, double speed = 0)
    {
        long start = NowMs;
        long limit = start + (long)(maxSimS * 1000);
        var wall = Stopwatch.StartNew();
        while (!condition())
        {
            if (NowMs > limit)
                throw new TimeoutException($"{what}: not reached in {maxSimS} s simulated; state {Sim.Station.State}; last messages:\n"
                    + string.Join("\n", Probe.All.TakeLast(12).Select(m => m.Topic + " " + m.Text)));
            if (wall.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"{what}: wall-clock limit");
            if (speed > 0 && NowMs - start > wall.Elapsed.TotalMilliseconds * speed)
            {
                await Task.Delay(2);
                continue;
            }
            for (int i = 0; i < 20 && !Flash.PowerGone; i++) StepOnce();
            if (!Board.Ic.OutputsEnabled) await WatchdogResetAsync();
            // The power went in the middle of a flash write: the board is off for PowerCutS, then boots again.
            if (Flash.PowerGone) await RebootAsync(PowerCutS);
            await Task.Delay(1);
        }
    }

    /// <summary>Steps until the gateway has seen the station's current state (its events arrived too).</summary>
    public Task SettleAsync() => RunUntilAsync(
        () => Probe.States().LastOrDefault()?.PackMlState == PackMlNames.Of(Sim.Station.State) && Link.PendingSends == 0,
        60, "gateway in step with the station", NetworkSpeed);

    public Task RunForAsync(double simS, double speed = 0)
    {
        long end = NowMs + (long)(simS * 1000);
        return RunUntilAsync(() => NowMs >= end, simS + 1, $"run {simS} s", speed);
    }

    /// <summary>Sends a command and steps until the station answers it.</summary>
    public async Task<CommandResultMessage> CommandAsync(string name, ControlRecipe? recipe = null, int stepIndex = -1)
    {
        string id = name + "-" + (++_commands);
        var w = new JsonWriter(16384);
        int n = new CommandMessage { Id = id, Recipe = recipe!, StepIndex = stepIndex }.WriteTo(w);
        await Probe.SendAsync(name, w.Buffer.AsSpan(0, n).ToArray());
        await RunUntilAsync(() => Probe.Results().Any(r => r.Id == id), 120, "answer to " + id);
        return Probe.Results().Last(r => r.Id == id);
    }

    /// <summary>Raw bytes on a command topic (malformed-payload rows).</summary>
    public Task SendRawAsync(string name, byte[] payload) => Probe.SendAsync(name, payload);

    /// <summary>A power cut of <paramref name="offS"/>: outputs lose power, RAM and the MQTT connection
    /// are gone, the flash store and the plant stay; then the station boots again.</summary>
    public Task PowerCutAsync(double offS) => RebootAsync(offS);

    private async Task RebootAsync(double offS)
    {
        await Link.DisposeAsync();
        Link = NewLink();
        if (_outputs.Count > 0) _outputs.Add((NowMs, false, false)); // no power, no output
        Sim = Sim.PowerCycle(Link, TimeSpan.FromSeconds(offS));
        Flash.PowerBack();
        Board = new HardwareSupervisor(Sim, SupervisorTimeoutMs);
        Link.Start();
        await RunUntilAsync(() => Link.IsConnected && Probe.States().LastOrDefault()?.Online == true, 60, "station back online");
    }

    /// <summary>How long the power stays off after a cut that tore a flash write.</summary>
    public const double PowerCutS = 2;

    /// <summary>The IC asserted /RESET: the ESP32 restarts (RAM and the MQTT session gone, flash and plant kept), which also ends a hang.</summary>
    private async Task WatchdogResetAsync()
    {
        WatchdogResetAtMs = Board.Ic.TrippedAtMs;
        TickStalled = false;
        McuHung = false;
        await RebootAsync(SupervisorResetS);
    }

    /// <summary>Stops the broker and starts a new one on the same port after <paramref name="downS"/> simulated s.</summary>
    public async Task RestartBrokerAsync(double downS)
    {
        int port = Broker.Port;
        await Broker.DisposeAsync();
        await RunForAsync(downS, NetworkSpeed);
        // The gateway is subscribed again before the station may log in, so it sees what the station
        // kept in its outbox while the broker was gone (a new broker has no sessions to replay).
        Broker = await InProcessBroker.StartAsync(port, admitStations: false);
        await Probe.ReconnectAsync(port);
        Broker.AdmitStations = true;
        RecoveredAtMs = NowMs;
        await RunUntilAsync(() => Link.IsConnected, 600, "station reconnected", NetworkSpeed);
    }

    /// <summary>Simulated speed while the network is involved: the station's reconnect back-off is wall time.</summary>
    public const double NetworkSpeed = 10;

    public async ValueTask DisposeAsync()
    {
        await Link.DisposeAsync();
        await Probe.DisposeAsync();
        await Broker.DisposeAsync();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
