using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>
/// The embedded broker's TCP listeners, in place of MQTTnet's own (which has no packet size limit):
/// each accepted stream (after TLS, on the TLS listener) is read through a <see cref="PacketSizeGuardStream"/>.
/// Otherwise it hands connections to MQTTnet the way MQTTnet's MqttTcpServerListener does.
/// </summary>
public sealed class GuardedTcpServerAdapter(
    IReadOnlyList<GuardedTcpServerAdapter.Listener> listeners,
    BrokerLimitsOptions limits,
    BrokerRefusalLog refusals,
    ILogger log) : IMqttServerAdapter
{
    /// <summary>One bound address; TLS when <paramref name="Certificate"/> is set. An optional listener (the IPv6 twin) may fail to bind.</summary>
    public sealed record Listener(IPEndPoint EndPoint, X509Certificate2? Certificate, bool Optional);

    private static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly List<Socket> _sockets = [];
    private CancellationTokenSource? _stop;
    private MqttServerOptions? _options;
    private IMqttNetLogger _mqttLogger = new MqttNetNullLogger();

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>The ports actually bound, in the order of the listeners (port 0 asks the OS for one).</summary>
    public IReadOnlyList<IPEndPoint> Bound => _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList();

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _mqttLogger = logger;
        _stop = new CancellationTokenSource();
        foreach (var l in listeners)
        {
            var socket = new Socket(l.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (l.EndPoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
                socket.Bind(l.EndPoint);
                socket.Listen(100);
            }
            catch (SocketException e) when (l.Optional)
            {
                socket.Dispose();
                log.LogWarning("MQTT listener {EndPoint} not opened: {Error}", l.EndPoint, e.Message);
                continue;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            _sockets.Add(socket);
            var cert = l.Certificate;
            _ = Task.Run(() => AcceptLoopAsync(socket, cert, _stop.Token));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _stop?.Cancel();
        foreach (var s in _sockets) s.Dispose();
        _sockets.Clear();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        StopAsync();
        _stop?.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, X509Certificate2? certificate, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.ConnectionAborted)
            {
                if (ct.IsCancellationRequested) return;
                continue;
            }
            _ = Task.Run(() => HandleAsync(client, certificate));
        }
    }

    private async Task HandleAsync(Socket socket, X509Certificate2? certificate)
    {
        var remote = socket.RemoteEndPoint;
        var local = socket.LocalEndPoint;
        Stream? stream = null;
        try
        {
            socket.NoDelay = true;
            stream = new NetworkStream(socket, ownsSocket: true);
            if (certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                using var handshake = new CancellationTokenSource(TlsHandshakeTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = false,
                    EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                }, handshake.Token).ConfigureAwait(false);
            }
            var who = (remote as IPEndPoint)?.Address.ToString() ?? "?";
            stream = new PacketSizeGuardStream(stream, new PacketSizeGuard(limits.MaxConnectPacketBytes, limits.MaxPacketBytes),
                reason => refusals.Refused(who, "oversized or malformed packet", reason));
            var handler = ClientHandler;
            if (handler is null) return;
            var options = _options!;
            var channel = new MqttTcpChannel(stream, local, remote, null);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, _mqttLogger);
            await handler(adapter).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            refusals.Refused((remote as IPEndPoint)?.Address.ToString() ?? "?", "connection closed", e.Message);
        }
        catch (Exception e)
        {
            log.LogError(e, "MQTT connection from {Remote} failed", remote);
        }
        finally
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
        }
    }
}
