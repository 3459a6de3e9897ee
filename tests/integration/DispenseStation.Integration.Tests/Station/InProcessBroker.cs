using System.Net;
using System.Net.Sockets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DispenseStation.Integration.Tests.Station;

/// <summary>MQTTnet's own broker on a free loopback port. Every client but the gateway probe is a
/// station: its client id is its station id, it must log in with that id as user name and the shared
/// test password, and it may publish only under its own topic (the gateway broker's rules).</summary>
internal sealed class InProcessBroker : IAsyncDisposable
{
    public const string StationPassword = "station-secret";
    public const string GatewayClientId = "gateway-probe";

    private static bool IsStation(string clientId) => clientId != GatewayClientId;

    private InProcessBroker(MqttServer server, int port)
    {
        Server = server;
        Port = port;
    }

    public MqttServer Server { get; }
    public int Port { get; }
    public int RejectedLogins;

    /// <summary>When false, stations are turned away (lets a test order who connects first).</summary>
    public volatile bool AdmitStations = true;
    public int RejectedPublishes;

    public static async Task<InProcessBroker> StartAsync(int port = 0, bool admitStations = true)
    {
        if (port == 0) port = DispenseStation.Gateway.Tests.Support.FreePort.Next();
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithDefaultEndpointReuseAddress()
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        var broker = new InProcessBroker(server, port) { AdmitStations = admitStations };
        server.ValidatingConnectionAsync += e =>
        {
            if (IsStation(e.ClientId) && !broker.AdmitStations)
            {
                e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
                return Task.CompletedTask;
            }
            if (IsStation(e.ClientId) && (e.UserName != e.ClientId || e.Password != StationPassword))
            {
                Interlocked.Increment(ref broker.RejectedLogins);
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            if (IsStation(e.ClientId)
                && !e.ApplicationMessage.Topic.StartsWith("dispense/v1/" + e.ClientId + "/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref broker.RejectedPublishes);
                e.ProcessPublish = false;
            }
            return Task.CompletedTask;
        };
        await server.StartAsync();
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        Server.Dispose();
    }
}
