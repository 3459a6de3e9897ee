using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Bench.Fleet;

/// <summary>
/// CPU per Home Assistant state value published by the gateway on its embedded broker: sent as QoS 1 retained through the
/// gateway's own client (what the publisher did before) against injected into the broker's dispatch (what it does now).
/// Process CPU time per message, so the figure holds on a machine shared with other work better than a latency would.
/// Views off; nothing subscribes to the state topics (as in the fleet bench, where no HA instance is connected).
/// </summary>
public static class ViewPublishCost
{
    public static async Task RunAsync(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var dir = Directory.CreateTempSubdirectory("ds-viewcost-");
        var app = BenchGateway.Create(dir);
        await app.StartAsync();
        var client = app.Services.GetRequiredService<GatewayMqttClient>();
        var broker = app.Services.GetRequiredService<EmbeddedBrokerService>();
        await client.WaitUntilConnectedAsync(CancellationToken.None);
        var payloads = Enumerable.Range(0, 1000).Select(i => Encoding.UTF8.GetBytes((100 + i * 0.01).ToString("0.00", CultureInfo.InvariantCulture))).ToArray();
        string Topic(int i) => $"dispense-ha/dispense_gateway/fl-{i % 1000:D4}/plate_temperature";

        async Task<(double CpuUs, double WallUs)> Measure(Func<int, Task<bool>> publish)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < messages; i++)
                if (!await publish(i)) throw new InvalidOperationException("publish refused");
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / messages;
            return (cpu, wall.Elapsed.TotalMilliseconds * 1000 / messages);
        }
        var viaClient = (int i) => client.PublishAsync(Topic(i), payloads[(i / 1000 + i) % 1000], retain: true, CancellationToken.None);
        var injected = (int i) => broker.InjectAsync(new MqttApplicationMessageBuilder().WithTopic(Topic(i)).WithPayload(payloads[(i / 1000 + i) % 1000])
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build(), CancellationToken.None);
        await Measure(viaClient);   // warm-up (JIT, retained store filled)
        await Measure(injected);
        var c = new List<(double, double)>();
        var j = new List<(double, double)>();
        for (var r = 0; r < rounds; r++)
        {
            c.Add(await Measure(viaClient));
            j.Add(await Measure(injected));
        }
        static double Median(IEnumerable<double> xs) { var s = xs.Order().ToArray(); return s[s.Length / 2]; }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{messages} retained QoS 1 state values x {rounds} rounds, load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"through the gateway's client: CPU {Median(c.Select(x => x.Item1)):F1} us/message, wall {Median(c.Select(x => x.Item2)):F1} us/message (median; rounds {string.Join(" ", c.Select(x => x.Item1.ToString("F1", CultureInfo.InvariantCulture)))})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"injected into the broker:      CPU {Median(j.Select(x => x.Item1)):F1} us/message, wall {Median(j.Select(x => x.Item2)):F1} us/message (median; rounds {string.Join(" ", j.Select(x => x.Item1.ToString("F1", CultureInfo.InvariantCulture)))})"));
        await app.StopAsync();
        await app.DisposeAsync();
        try { dir.Delete(true); } catch (IOException) { }
    }
}
