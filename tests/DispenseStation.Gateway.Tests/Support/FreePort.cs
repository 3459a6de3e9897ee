using System.Net;
using System.Net.Sockets;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// Ports for the servers tests start (brokers, Mosquitto, PostgreSQL). Not the OS's "port 0" choice: that comes from the
/// ephemeral range, which every outgoing connection draws its local port from too, so a port probed free could be some
/// client's by the time the server binds it ("Address already in use", seen under load). These come from below that
/// range, where only listeners live: each process starts at its own offset and walks up, and each port is checked free.
/// </summary>
public static class FreePort
{
    private const int Lowest = 10_000;
    private static readonly int BelowEphemeral = LowestEphemeralPort();
    private static int _next = Lowest + Environment.ProcessId % 97 * 200;

    public static int Next()
    {
        for (int attempt = 0; attempt < 5_000; attempt++)
        {
            int port = Interlocked.Increment(ref _next);
            if (port >= BelowEphemeral)
            {
                Interlocked.CompareExchange(ref _next, Lowest, port);
                continue;
            }
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException) { } // someone listens there: the next one
        }
        throw new InvalidOperationException($"no free loopback port between {Lowest} and {BelowEphemeral}");
    }

    // Linux states its ephemeral range; elsewhere the IANA one (49152 and up) applies.
    private static int LowestEphemeralPort()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (int.TryParse(range[0], out var low) && low > Lowest + 1_000) return low;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 49_152;
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"nothing listens on 127.0.0.1:{port} after {timeout}: {e.Message}\n{diagnostics?.Invoke()}");
            }
        }
    }
}
