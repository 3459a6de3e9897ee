using System.Net;
using System.Net.Sockets;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Demo;

/// <summary>
/// scripts/demo.sh refuses to start, before it writes anything, when a port it needs is taken (saying by which
/// process) or when another demo is using its data folder; it never empties another run's log.
/// </summary>
public sealed class DemoRefusalTests
{
    [Theory]
    [InlineData("HTTP")]
    [InlineData("MQTT")]
    public async Task A_taken_port_is_refused_naming_the_process_that_holds_it(string which)
    {
        using var dir = new TempDir("ds-demo-");
        var data = Path.Combine(dir.Path, "demo");
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var env = new Dictionary<string, string>
        {
            ["DEMO_DATA"] = data,
            ["DEMO_HTTP_PORT"] = which == "HTTP" ? taken.ToString() : FreePort.Next().ToString(),
            ["DEMO_MQTT_PORT"] = which == "MQTT" ? taken.ToString() : FreePort.Next().ToString(),
        };

        var r = await DemoScript.RunDemoAsync(env);

        Assert.NotEqual(0, r.Exit);
        Assert.Contains($"demo: port {taken} ({which}) is in use by ", r.Err);
        Assert.Contains($"(pid {Environment.ProcessId}); stop it or choose another port with DEMO_{which}_PORT", r.Err);
        Assert.DoesNotContain("setting up", r.Out);
        Assert.False(Directory.Exists(data), "a refused demo creates nothing");
    }

    [Fact]
    public async Task A_data_folder_in_use_by_another_demo_is_refused_and_its_logs_are_left_alone()
    {
        using var dir = new TempDir("ds-demo-");
        var data = Path.Combine(dir.Path, "demo");
        var firstRun = Path.Combine(data, "runs", "first");
        Directory.CreateDirectory(firstRun);
        File.WriteAllText(Path.Combine(firstRun, "gateway.log"), "the first demo's log\n");

        // The first demo: holds the folder's lock as demo.sh does, until it is stopped.
        using var first = System.Diagnostics.Process.Start(DemoScript.Bash(
            $"source scripts/demo-lib.sh; demo_take_lock '{data}' 'pid '$$', the first demo' && echo locked && exec sleep 120"))!;
        try
        {
            Assert.Equal("locked", await first.StandardOutput.ReadLineAsync());
            var env = new Dictionary<string, string>
            {
                ["DEMO_DATA"] = data, ["DEMO_HTTP_PORT"] = FreePort.Next().ToString(), ["DEMO_MQTT_PORT"] = FreePort.Next().ToString(),
            };

            var r = await DemoScript.RunDemoAsync(env);

            Assert.NotEqual(0, r.Exit);
            Assert.Contains($"demo: {data} is in use by another demo (pid {first.Id}, the first demo); stop it or set DEMO_DATA to another folder", r.Err);
            Assert.Equal("the first demo's log\n", File.ReadAllText(Path.Combine(firstRun, "gateway.log")));
            Assert.Equal(["first"], Directory.GetDirectories(Path.Combine(data, "runs")).Select(Path.GetFileName));
        }
        finally
        {
            first.Kill();
            await first.WaitForExitAsync();
        }

        // Once the first demo is gone (its lock dies with it), the folder is free again.
        var again = await DemoScript.RunFunctionAsync($"demo_take_lock '{data}' 'second' && echo taken");
        Assert.Equal("taken", again.Out.Trim());
    }
}
