using System.CommandLine;
using DispenseStation.VirtualStation.Hosting;

namespace DispenseStation.VirtualStation;

/// <summary>dispense-virtual-station: the station core on a simulated plant, linked over MQTT.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var config = new Option<FileInfo?>("--config") { Description = "JSON config file (command-line options override it)" };
        var stationId = new Option<string?>("--station-id") { Description = "station id: lowercase letters, digits, dash" };
        var broker = new Option<string?>("--broker") { Description = "MQTT broker host[:port] (default localhost:1883)" };
        var username = new Option<string?>("--username") { Description = "broker user name" };
        var password = new Option<string?>("--password") { Description = "broker password (prefer the config file)" };
        var channels = new Option<string?>("--channels") { Description = "channel map: pump per station channel, 'resin,solvent' or '0=resin,1=solvent'" };
        var stateDir = new Option<string?>("--state-dir") { Description = "directory of the non-volatile store (default state/<station-id>)" };
        var speed = new Option<double?>("--speed") { Description = "simulated seconds per wall second; 0 = as fast as possible (default 1)" };
        var telemetryHz = new Option<double?>("--telemetry-hz") { Description = "telemetry rate (default 5)" };
        var linkHold = new Option<double?>("--link-hold-s") { Description = "seconds the heater may run with the link down (default 30)" };
        var seed = new Option<int?>("--seed") { Description = "seed of the simulated plant's noise (default 1)" };
        var autoWafers = new Option<bool>("--auto-wafers") { Description = "bake jobs: a simulated operator places and removes wafers at the prompts" };

        var root = new RootCommand("DispenseStation virtual station: the firmware core on a simulated plant, over MQTT")
        {
            config, stationId, broker, username, password, channels, stateDir, speed, telemetryHz, linkHold, seed, autoWafers,
        };
        root.SetAction(async (parse, ct) =>
        {
            VirtualStationOptions options;
            try
            {
                var file = parse.GetValue(config);
                options = file != null ? VirtualStationOptions.LoadFile(file.FullName) : new VirtualStationOptions();
                options.StationId = parse.GetValue(stationId) ?? options.StationId;
                options.Broker = parse.GetValue(broker) ?? options.Broker;
                options.Username = parse.GetValue(username) ?? options.Username;
                options.Password = parse.GetValue(password) ?? options.Password;
                var map = parse.GetValue(channels);
                if (map != null) options.Channels = VirtualStationOptions.ParseChannelMap(map);
                options.StateDir = parse.GetValue(stateDir) ?? options.StateDir;
                options.Speed = parse.GetValue(speed) ?? options.Speed;
                options.TelemetryHz = parse.GetValue(telemetryHz) ?? options.TelemetryHz;
                options.LinkHoldS = parse.GetValue(linkHold) ?? options.LinkHoldS;
                options.Seed = parse.GetValue(seed) ?? options.Seed;
                if (parse.GetValue(autoWafers)) options.AutoWafers = true;
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 2;
            }
            try
            {
                await using var host = new VirtualStationHost(options, line => Console.Error.WriteLine($"[{options.StationId}] {line}"));
                Console.Error.WriteLine($"[{options.StationId}] running; broker {options.Broker}, store {host.Store.DirectoryPath}");
                await host.RunAsync(ct);
                return 0;
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 2;
            }
        });
        return await root.Parse(args).InvokeAsync();
    }
}
