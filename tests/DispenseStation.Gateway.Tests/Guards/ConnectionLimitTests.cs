using System.Net.Sockets;
using System.Text;
using DispenseStation.Gateway.Guards;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Guards;

/// <summary>Gateway:Limits:MaxConnections: that many HTTP connections are served at once, one more is closed unread.</summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private const int Limit = 8;
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync(new()
    {
        ["Gateway:Limits:MaxConnections"] = Limit.ToString(), ["Gateway:Limits:MaxEventStreams"] = "2",
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A raw keep-alive connection that asks for /health; the status line, or null when the gateway closed it unanswered.</summary>
    private async Task<(TcpClient Client, string? Status)> OpenAsync()
    {
        var uri = _h.Http.BaseAddress!;
        var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /health HTTP/1.1\r\nHost: {uri.Host}:{uri.Port}\r\n\r\n"));
        var buffer = new byte[1024];
        int n;
        try { n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (IOException) { n = 0; } // reset instead of closed
        return (client, n == 0 ? null : Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0]);
    }

    [Fact]
    public async Task Exactly_the_limit_is_served_and_one_more_is_closed_until_one_leaves()
    {
        // The harness's own client holds no connection yet: these are all the gateway has.
        var open = new List<TcpClient>();
        try
        {
            for (int i = 0; i < Limit; i++)
            {
                var (client, status) = await OpenAsync();
                open.Add(client);
                Assert.Equal("HTTP/1.1 200 OK", status);
            }
            var refusals = _h.Gateway.App.Services.GetRequiredService<RefusedConnections>();
            var (extra, refused) = await OpenAsync();
            open.Add(extra);
            Assert.Null(refused);
            Assert.Equal(1, refusals.Total);

            open[0].Dispose();
            await AppHarness.WaitForAsync(async () =>
            {
                var (client, status) = await OpenAsync();
                open.Add(client);
                return status == "HTTP/1.1 200 OK";
            }, "a connection served after one of the limit closed");
        }
        finally
        {
            foreach (var c in open) c.Dispose();
        }
    }

    [Fact]
    public async Task A_limit_not_above_the_event_streams_is_refused_at_start_naming_the_setting()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => AppHarness.StartAsync(new()
        {
            ["Gateway:Limits:MaxConnections"] = "2", ["Gateway:Limits:MaxEventStreams"] = "2",
        }));
        Assert.Contains("Gateway:Limits:MaxConnections: must be more than MaxEventStreams", e.ToString());
    }
}
