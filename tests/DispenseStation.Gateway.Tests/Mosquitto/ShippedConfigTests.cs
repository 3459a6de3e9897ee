using System.Net;
using System.Net.Sockets;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Mosquitto;

/// <summary>
/// deploy/mosquitto/mosquitto.conf started as shipped (paths and ports substituted only) while port
/// 1883 is held by someone else: the file must open only its own two listeners.
/// </summary>
public sealed class ShippedConfigTests
{
    /// <summary>Holds 0.0.0.0:1883 for the test; if another process already holds it, it is taken all the same.</summary>
    private static TcpListener? HoldPort1883()
    {
        try
        {
            var l = new TcpListener(IPAddress.Any, 1883);
            l.Start();
            return l;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return null;
        }
    }

    private static async Task<(MosquittoProcess Process, int Plain, int Tls)> StartAsync(TempDir dir, Func<string, string> edit)
    {
        var data = await MosquittoProcess.PrepareDirectoryAsync(dir);
        var plain = FreePort.Next();
        var tls = FreePort.Next();
        var text = edit(ShippedMosquittoConfig.Render(await File.ReadAllTextAsync(ShippedMosquittoConfig.ShippedPath), dir.Path, data, tls, plain));
        await File.WriteAllTextAsync(dir.File("mosquitto.conf"), text);
        return (MosquittoProcess.Start(dir.File("mosquitto.conf")), plain, tls);
    }

    [Fact]
    public async Task The_shipped_config_starts_with_port_1883_taken_and_serves_both_listeners()
    {
        ExternalService.Require(MosquittoProcess.Unavailable);
        using var holder = HoldPort1883();
        using var dir = new TempDir("ds-mosq-shipped-");
        var (mosquitto, plain, tls) = await StartAsync(dir, text => text);
        using (mosquitto)
        {
            await FreePort.WaitUntilListeningAsync(plain, TimeSpan.FromSeconds(10), () => mosquitto.Log);
            await FreePort.WaitUntilListeningAsync(tls, TimeSpan.FromSeconds(10), () => mosquitto.Log);
            Assert.Equal("Success", await TestMqttClient.LoginResultAsync(plain, "st-1", "pw-one", "st-1"));
            Assert.False(mosquitto.HasExited, mosquitto.Log);
            Assert.DoesNotContain("Address already in use", mosquitto.Log);
        }
    }

    /// <summary>The fault the issue found, reproduced: the same file with the listener option moved above the first listener dies on the taken port.</summary>
    [Fact]
    public async Task A_listener_option_before_the_first_listener_opens_1883_and_fails_when_it_is_taken()
    {
        ExternalService.Require(MosquittoProcess.Unavailable);
        using var holder = HoldPort1883();
        using var dir = new TempDir("ds-mosq-misordered-");
        var (mosquitto, _, _) = await StartAsync(dir, text => "use_username_as_clientid true\n" + text);
        using (mosquitto)
        {
            var exit = await mosquitto.WaitForExitAsync(TimeSpan.FromSeconds(20));
            Assert.NotNull(exit);
            Assert.NotEqual(0, exit);
            Assert.Contains("Address already in use", mosquitto.Log);
        }
    }

    [Fact]
    public void Rendering_refuses_a_shipped_file_whose_shape_changed()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ShippedMosquittoConfig.Render("listener 8884\n", "/tmp/x", "/tmp/y", 1, 2));
        Assert.Contains("/etc/mosquitto/dispense/", e.Message);
    }

    [Fact]
    public void The_shipped_config_limits_packet_and_message_size()
    {
        var lines = File.ReadAllLines(ShippedMosquittoConfig.ShippedPath).Select(l => l.Trim()).ToArray();
        Assert.Contains("max_packet_size 262144", lines);
        Assert.Contains("message_size_limit 262144", lines);
        // Every listener option follows a listener line (options before the first one make a default listener on 1883).
        var firstListener = Array.FindIndex(lines, l => l.StartsWith("listener ", StringComparison.Ordinal));
        foreach (var option in new[] { "use_username_as_clientid", "max_connections", "cafile", "certfile", "keyfile", "tls_version" })
            Assert.All(lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith(option + " ", StringComparison.Ordinal)), x => Assert.True(x.i > firstListener, $"{option} on line {x.i + 1} precedes the first listener"));
    }
}
