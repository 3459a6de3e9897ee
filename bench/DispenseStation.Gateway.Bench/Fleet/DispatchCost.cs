using System.Diagnostics;
using System.Globalization;
using System.Text;
using DispenseStation.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DispenseStation.Gateway.Bench.Fleet;

/// <summary>
/// What the MQTTnet broker spends routing one message as a function of how many connected sessions hold a subscription:
/// a plain MQTTnet server (no gateway hooks) with N station clients connected, each subscribed to its own command topics
/// as every station is (dispense/v1/{id}/cmd/+, QoS 1) or not subscribed at all; then messages no station subscribes to
/// (a station's telemetry topic) are injected and the process CPU and bytes allocated per message measured.
/// Every routed message (station telemetry to the gateway, Sparkplug DDATA, Home Assistant states) pays this once.
/// </summary>
public static class DispatchCost
{
    public static async Task RunAsync(string[] args)
    {
        var stations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var messages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        foreach (var subscribed in new[] { false, true })
        {
            var port = BenchGateway.FreePort();
            var options = new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build();
            using var server = new MqttServerFactory().CreateMqttServer(options);
            await server.StartAsync();
            var clients = new List<IMqttClient>();
            for (var i = 0; i < stations; i++)
            {
                var c = new MqttClientFactory().CreateMqttClient();
                var id = $"fl-{i + 1:D4}";
                await c.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithClientId(id).WithKeepAlivePeriod(TimeSpan.FromMinutes(5)).Build());
                if (subscribed) await c.SubscribeAsync(Topics.CommandFilter(id), MqttQualityOfServiceLevel.AtLeastOnce);
                clients.Add(c);
            }
            var payload = Encoding.UTF8.GetBytes("{\"seq\":1}");
            var message = new MqttApplicationMessageBuilder().WithTopic(Topics.Telemetry("fl-0001")).WithPayload(payload).Build();
            async Task<(double CpuUs, double Bytes)> Measure()
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var bytes0 = GC.GetTotalAllocatedBytes(true);
                for (var i = 0; i < messages; i++) await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message));
                var bytes = GC.GetTotalAllocatedBytes(true) - bytes0;
                return ((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / messages, (double)bytes / messages);
            }
            await Measure();   // warm-up
            var results = new List<(double CpuUs, double Bytes)>();
            for (var r = 0; r < rounds; r++) results.Add(await Measure());
            var cpu = results.Select(x => x.CpuUs).Order().ToArray();
            var alloc = results.Select(x => x.Bytes).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stations} sessions {(subscribed ? "each subscribed to its cmd/+" : "without subscriptions")}: CPU {cpu[cpu.Length / 2]:F1} us/message " +
                $"(rounds {string.Join(" ", cpu.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}), {alloc[alloc.Length / 2]:F0} bytes/message; load {File.ReadAllText("/proc/loadavg").Trim()}"));
            foreach (var c in clients) c.Dispose();
            await server.StopAsync();
        }
    }
}
