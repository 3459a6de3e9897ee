using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DispenseStation.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DispenseStation.Gateway.Bench;

/// <summary>What every gateway bench starts from: a free loopback port, and a gateway on its own SQLite file in
/// <c>dir</c>, HTTP on a port of the OS's choosing, logging off (a bench measures the gateway, not its console).</summary>
public static class BenchGateway
{
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Settings a bench adds or overrides on top of the quiet defaults go in <paramref name="extra"/>.</summary>
    public static WebApplication Create(DirectoryInfo dir, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Gateway:Mqtt:Port"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Gateway:Storage:ConnectionString"] = $"Data Source={Path.Combine(dir.FullName, "gw.db")}",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return GatewayApp.Create([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.ClearProviders();
        });
    }
}
