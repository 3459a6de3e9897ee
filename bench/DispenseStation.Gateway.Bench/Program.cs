// Measures station -> gateway message throughput through the embedded broker with the gateway's
// authentication and topic-ACL hooks, against a plain MQTTnet broker (no hooks) in the same run.
// Usage: dotnet run -c Release --project bench/DispenseStation.Gateway.Bench [messages-per-round]
//        dotnet run -c Release --project bench/DispenseStation.Gateway.Bench flood [report.md]   (BrokerFloodBench)
using System.Diagnostics;
using DispenseStation.Gateway.Bench;
using System.Net;
using System.Net.Sockets;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

// "fleet [stations] [hz] [seconds] [report file] [off|on|both] [runs] [DDATA pacing ms] [embedded|mosquitto]": the Sparkplug and
// Home Assistant views under fleet load (Fleet/FleetViewsBench.cs).
if (args.Length > 0 && args[0] == "fleet" && !OperatingSystem.IsWindows())
{
    await DispenseStation.Gateway.Bench.Fleet.FleetViewsBench.RunAsync(args[1..]);
    return;
}
// "fleet-failover [stations] [hz] [seconds per step] [report]": two gateway instances on PostgreSQL and Mosquitto, the owner killed mid-batch (Fleet/FleetFailoverBench.cs).
if (args.Length > 0 && args[0] == "fleet-failover" && !OperatingSystem.IsWindows())
{
    await DispenseStation.Gateway.Bench.Fleet.FleetFailoverBench.RunAsync(args[1..]);
    return;
}
// "viewcost [messages] [rounds]": CPU per Home Assistant state value, through the gateway's client against injected (Fleet/ViewPublishCost.cs).
if (args.Length > 0 && args[0] == "viewcost")
{
    await DispenseStation.Gateway.Bench.Fleet.ViewPublishCost.RunAsync(args[1..]);
    return;
}
// "dispatchcost [sessions] [messages] [rounds]": the broker's CPU and allocation per routed message against how many
// sessions hold a subscription (Fleet/DispatchCost.cs).
if (args.Length > 0 && args[0] == "dispatchcost")
{
    await DispenseStation.Gateway.Bench.Fleet.DispatchCost.RunAsync(args[1..]);
    return;
}
// "badflood [requests] [concurrency] [report.md] [--split-cores] [--compare earlier.md]": /health under a flood of bad
// requests (BadRequests/BadRequestFloodBench.cs); --compare puts an earlier report's /health figures and the ratios in this one.
if (args.Length > 0 && args[0] == "badflood")
{
    await DispenseStation.Gateway.Bench.BadRequests.BadRequestFloodBench.RunAsync(args[1..]);
    return;
}
// The flood's own process, started by the bench above.
if (args.Length == 5 && args[0] == "badflood-client")
{
    var outcome = await DispenseStation.Gateway.Bench.BadRequests.BadRequestFlood.RunAsync(args[1], args[2], int.Parse(args[3]), int.Parse(args[4]));
    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(outcome));
    return;
}
if (args.Length > 0 && args[0] == "flood")
{
    await BrokerFloodBench.RunAsync(args.Length > 1 ? args[1] : null);
    return;
}
var messages = args.Length > 0 ? int.Parse(args[0]) : 20_000;
const int rounds = 5;
const int inFlight = 100;
var payload = "{\"seq\":1,\"ts\":123456,\"samples\":[{\"ts\":123400,\"scaleGrams\":12.3456,\"plateC\":99.876,\"setpointC\":100,\"heaterDuty\":0.4321}]}"u8.ToArray();

async Task<double> RunAsync(int port, (string User, string Pw, string Id) station, (string User, string Pw, string Id) observer)
{
    var factory = new MqttClientFactory();
    using var pub = factory.CreateMqttClient();
    using var sub = factory.CreateMqttClient();
    MqttClientOptions Opts((string User, string Pw, string Id) who) => new MqttClientOptionsBuilder()
        .WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
        .WithCredentials(who.User, who.Pw).WithClientId(who.Id).Build();
    await pub.ConnectAsync(Opts(station));
    await sub.ConnectAsync(Opts(observer));
    var received = 0;
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    sub.ApplicationMessageReceivedAsync += _ =>
    {
        if (Interlocked.Increment(ref received) == messages) done.TrySetResult();
        return Task.CompletedTask;
    };
    await sub.SubscribeAsync("dispense/v1/#", MqttQualityOfServiceLevel.AtLeastOnce);
    var message = new MqttApplicationMessageBuilder().WithTopic("dispense/v1/st-1/telemetry").WithPayload(payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
    var sw = Stopwatch.StartNew();
    var pending = new List<Task>(inFlight);
    for (var i = 0; i < messages; i++)
    {
        pending.Add(pub.PublishAsync(message));
        if (pending.Count == inFlight) { await Task.WhenAll(pending); pending.Clear(); }
    }
    await Task.WhenAll(pending);
    await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
    sw.Stop();
    await pub.DisconnectAsync();
    await sub.DisconnectAsync();
    return messages / sw.Elapsed.TotalSeconds;
}

// Gateway broker with hooks.
var gwPort = BenchGateway.FreePort();
var options = Options.Create(new GatewayOptions
{
    // Throughput of the hooks, so the per-station publish rate limit (50/s by default) is lifted here.
    Mqtt = { Port = gwPort, Limits = { PublishesPerSecond = 1e9, PublishBurst = int.MaxValue } },
    Stations = [new StationCredential { Id = "st-1", PasswordHash = PasswordHash.Create("pw") }],
});
var credentials = new GatewayCredentials(options);
await using var gateway = new EmbeddedBrokerService(options, new BrokerAuthenticator(options, credentials), NullLogger<EmbeddedBrokerService>.Instance);
await gateway.StartAsync(CancellationToken.None);

// Plain broker, same library and settings, no hooks.
var plainPort = BenchGateway.FreePort();
using var plain = new MqttServerFactory().CreateMqttServer(new MqttServerFactory().CreateServerOptionsBuilder()
    .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
    .WithDefaultEndpointPort(plainPort).Build());
await plain.StartAsync();

var station = ("st-1", "pw", "st-1");
var observer = (credentials.Username, credentials.Password, credentials.ClientId);
await RunAsync(gwPort, station, observer); // warm-up (JIT, connections)
await RunAsync(plainPort, station, observer);
var hooked = new List<double>();
var baseline = new List<double>();
for (var r = 0; r < rounds; r++)
{
    // Alternate which broker goes first, so warm caches or a busy neighbour do not favour one side.
    if (r % 2 == 0)
    {
        baseline.Add(await RunAsync(plainPort, station, observer));
        hooked.Add(await RunAsync(gwPort, station, observer));
    }
    else
    {
        hooked.Add(await RunAsync(gwPort, station, observer));
        baseline.Add(await RunAsync(plainPort, station, observer));
    }
}
double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
Console.WriteLine($"messages per round: {messages}, QoS 1, {inFlight} in flight, {rounds} rounds, median");
Console.WriteLine($"plain MQTTnet broker:          {Median(baseline),10:F0} msg/s");
Console.WriteLine($"gateway broker (auth + ACL):   {Median(hooked),10:F0} msg/s");
Console.WriteLine($"ratio gateway / plain:         {Median(hooked) / Median(baseline),10:F3}");
await plain.StopAsync();
