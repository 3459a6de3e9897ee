using System.Diagnostics;
using DispenseStation.Firmware.Station;
using DispenseStation.VirtualStation.Mqtt;
using DispenseStation.VirtualStation.Simulation;
using DispenseStation.VirtualStation.Storage;

namespace DispenseStation.VirtualStation.Hosting;

/// <summary>
/// Runs a simulated station against a broker: builds plant, store, link and core from the options,
/// then steps simulated time at the requested speed until cancelled. A monitor thread plays the
/// ESP32's watchdog: if the main loop stops feeding it, the heater is forced off.
/// </summary>
public sealed class VirtualStationHost : IAsyncDisposable
{
    private readonly VirtualStationOptions _options;
    private readonly Action<string> _log;

    public VirtualStationHost(VirtualStationOptions options, Action<string>? log = null)
    {
        string? problem = options.Check();
        if (problem != null) throw new ArgumentException(problem);
        _options = options;
        _log = log ?? (_ => { });
        var (host, port) = options.BrokerEndpoint();
        Link = new MqttMessageLink(new MqttLinkSettings
        {
            StationId = options.StationId!,
            Host = host,
            Port = port,
            Username = options.Username,
            Password = options.Password,
        }, _log);

        var plant = PlantSettings.Default(options.Seed);
        if (options.Channels != null)
        {
            plant = new PlantSettings { Dosing = plant.Dosing, Hotplate = plant.Hotplate, ChannelMap = options.Channels, Seed = options.Seed };
        }
        problem = plant.Check();
        if (problem != null) throw new ArgumentException(problem);

        var config = new StationConfig
        {
            StationId = options.StationId!,
            FirmwareVersion = options.FirmwareVersion,
            TelemetryPeriodMs = (int)Math.Round(1000 / options.TelemetryHz),
            LinkHoldMs = (int)Math.Round(options.LinkHoldS * 1000),
        };
        Store = new DirectoryFileStore(options.StateDir ?? Path.Combine("state", options.StationId!));
        Simulation = PlantRestore.Start(config, Link, Store, Store.DirectoryPath, plant, options.Speed, DateTimeOffset.UtcNow, _log);
        if (options.AutoWafers) Simulation.Wafers = new WaferHandler(Simulation);
    }

    public MqttMessageLink Link { get; }
    public DirectoryFileStore Store { get; }
    public SimulatedStation Simulation { get; }

    /// <summary>How often the simulated plant is saved while running (and once more on the way out).</summary>
    public static readonly TimeSpan PlantSaveInterval = TimeSpan.FromSeconds(2);

    /// <summary>Steps the station until <paramref name="ct"/> is cancelled; the plant is saved as it goes and at the end.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try { await StepAsync(ct); }
        finally { SavePlant(); }
    }

    /// <summary>Writes the plant's state to the station's folder; a failure is logged, never fatal.</summary>
    public void SavePlant()
    {
        try { PlantSnapshot.Capture(Simulation, DateTimeOffset.UtcNow).Save(Store.DirectoryPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { _log($"plant state not saved: {e.Message}"); }
    }

    private async Task StepAsync(CancellationToken ct)
    {
        Link.Start();
        using var monitor = new Timer(_ => CheckWatchdog(), null, 100, 100);
        var wall = Stopwatch.StartNew();
        var lastSave = wall.Elapsed;
        long simStartMs = Simulation.Clock.UptimeMs;
        while (!ct.IsCancellationRequested)
        {
            if (wall.Elapsed - lastSave >= PlantSaveInterval)
            {
                SavePlant();
                lastSave = wall.Elapsed;
            }
            if (_options.Speed == 0)
            {
                // As fast as possible, but let the MQTT tasks run between slices.
                for (int i = 0; i < 500; i++) Simulation.Step();
                await Task.Yield();
                continue;
            }
            long dueMs = simStartMs + (long)(wall.Elapsed.TotalMilliseconds * _options.Speed);
            int steps = 0;
            while (Simulation.Clock.UptimeMs + SimulatedStation.TickMs <= dueMs && steps++ < 100_000) Simulation.Step();
            try { await Task.Delay(5, ct); } catch (OperationCanceledException) { break; }
        }
    }

    private void CheckWatchdog()
    {
        if (Simulation.Station.Watchdog.IsStarved())
        {
            Simulation.HotplateRig.Heater.ForceOff();
            _log("watchdog: main loop stalled, heater forced off");
        }
    }

    public ValueTask DisposeAsync() => Link.DisposeAsync();
}
