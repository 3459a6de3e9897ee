using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation;
using DispenseStation.Simulation.Dosing;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>
/// The station core on the simulated plant: the dosing rig (bottle, load cell, pumps) and the
/// hotplate rig (plate, SSR, RTD), stepped together in simulated time. One <see cref="Step"/> is
/// one station tick of <see cref="TickMs"/>: physics first, then the station, as the ESP32's main
/// loop would see it. Runs as fast as the CPU allows; the host paces it.
/// </summary>
public sealed class SimulatedStation
{
    public const int TickMs = 10;

    private readonly StationConfig _config;
    private readonly IFileStore _files;
    private readonly PlantSettings _plant;

    public SimulatedStation(StationConfig config, IMessageLink link, IFileStore files, PlantSettings plant)
        : this(config, link, files, plant,
            new DosingRig(plant.Dosing, plant.Seed),
            new HotplateRig(plant.Hotplate, plant.Seed + 1, plant.Hotplate.AmbientC))
    {
    }

    /// <summary>The station on rigs built by the caller (a plant restored from a previous run, see <see cref="PlantRestore"/>).</summary>
    public SimulatedStation(StationConfig config, IMessageLink link, IFileStore files, PlantSettings plant, DosingRig dosingRig, HotplateRig hotplateRig)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(plant);
        _config = config;
        _files = files;
        _plant = plant;
        string[] map = plant.ChannelMap;
        DosingRig = dosingRig;
        HotplateRig = hotplateRig;
        if (HotplateRig.StepMs > TickMs || TickMs % HotplateRig.StepMs != 0)
            throw new ArgumentException($"hotplate physics step {HotplateRig.StepMs} ms must divide the {TickMs} ms station tick");

        var pumps = new IPumpOutput[map.Length];
        var channels = new DoseChannelSettings[map.Length];
        for (int i = 0; i < map.Length; i++)
        {
            int index = plant.Dosing.ChannelIndex(map[i]);
            pumps[i] = DosingRig.Pumps[index];
            channels[i] = ReferenceStation.Commission(plant.Dosing.Channels[index]);
        }
        var scale = DosingRig.CreateScale();
        // The pump power relay (hardware/WIRING.md) is the doser's: open between doses, so a shorted driver cannot pump.
        var doser = new Doser(scale, pumps, channels, Clock, DosingRig.TakePumpPower());
        Dosing = new DoserDosingProcess(scale, doser, pumps, channels, Clock);

        var hotplateConfig = plant.HotplateConfig ?? new HotplateConfig();
        hotplateConfig.MaxSetpointC = Math.Min(hotplateConfig.MaxSetpointC, config.MaxPlateC);
        Controller = new HotplateController(HotplateRig.Sensor, HotplateRig.Heater, hotplateConfig);
        if (plant.CommissionHotplate) HotplateCommissioning.Apply(Controller, plant.Hotplate, plant.Seed);
        Hotplate = new ThermalHotplateProcess(Controller, Clock, config.MaxBakeSegments);

        config.ChannelCount = map.Length;
        Station = new StationRuntime(new StationPorts
        {
            Clock = Clock,
            WatchdogClock = WallClock.Instance,
            Link = link,
            Files = files,
            EStop = EStop,
            HeaterInterlock = HeaterInterlock,
            PumpInterlock = new BottleInterlock(DosingRig),
            Hotplate = Hotplate,
            Dosing = Dosing,
        }, config);
    }

    public DosingRig DosingRig { get; }
    public HotplateRig HotplateRig { get; }
    public HotplateController Controller { get; }
    public ThermalHotplateProcess Hotplate { get; }
    public DoserDosingProcess Dosing { get; }
    public StationRuntime Station { get; }
    public SwitchInput EStop { get; } = new();
    public SwitchInput HeaterInterlock { get; } = new();

    /// <summary>The one simulated clock of the station (the dosing rig's; the hotplate rig keeps step).</summary>
    public SimClock Clock => DosingRig.Clock;

    /// <summary>One station tick: physics for <see cref="TickMs"/>, the thermal watchdog timer, the
    /// station worker's pass (commands parsed, records written; the ESP32 runs it on its own thread
    /// while the loop sleeps, here it runs between ticks so simulated time stays deterministic), then the station.</summary>
    public void Step()
    {
        DosingRig.Step(TickMs);
        HotplateRig.Advance(TickMs);
        Controller.Safety.CheckWatchdog(Clock.UptimeMs);
        Station.Worker.RunOnce();
        Station.Tick();
        Wafers?.Step();
    }

    /// <summary>The simulated operator of bake jobs, when the virtual station was started with autoWafers.</summary>
    public WaferHandler? Wafers { get; set; }

    /// <summary>
    /// A power cut and restart: the plant (bottle, plate, reservoirs) and the store stay; every pump
    /// and the heater lose power; the controller's RAM is new. Simulated uptime keeps counting.
    /// </summary>
    public SimulatedStation PowerCycle(IMessageLink link, TimeSpan powerOff)
    {
        foreach (var pump in DosingRig.Pumps) pump.SetSpeed(0);
        HotplateRig.Heater.ForceOff();
        long end = Clock.UptimeMs + (long)powerOff.TotalMilliseconds;
        while (Clock.UptimeMs < end)
        {
            DosingRig.Step(TickMs);
            HotplateRig.Advance(TickMs);
        }
        return new SimulatedStation(_config, link, _files, _plant, DosingRig, HotplateRig);
    }

    public void Run(TimeSpan simulated)
    {
        long end = Clock.UptimeMs + (long)simulated.TotalMilliseconds;
        while (Clock.UptimeMs < end) Step();
    }
}
