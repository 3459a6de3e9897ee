using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Demo;

/// <summary>
/// The demo's health check accepts only the gateway it started: /health reports the instance id the demo gave it, and
/// an answer from another gateway on the port (a first demo still running) or the exit of its own process fails the
/// start instead of printing "demo is running".
/// </summary>
public sealed class DemoHealthCheckTests
{
    [Fact]
    public async Task Only_the_gateway_with_this_runs_instance_id_counts_as_started()
    {
        await using var h = await AppHarness.StartAsync(new() { ["Gateway:InstanceId"] = "run-first" });
        var url = h.Http.BaseAddress!.ToString().TrimEnd('/');
        var health = await h.GetJsonAsync("/health");
        Assert.Equal("run-first", health.GetProperty("instance").GetString());
        Assert.Equal(Environment.ProcessId, health.GetProperty("pid").GetInt32());

        // Our "gateway" is a process that stays up (the shell itself); the port is answered by the first one.
        var mine = await DemoScript.RunFunctionAsync($"demo_wait_for_gateway '{url}' run-first $$ /dev/null && echo started");
        Assert.Equal(0, mine.Exit);
        Assert.Equal("started", mine.Out.Trim());

        var other = await DemoScript.RunFunctionAsync($"demo_wait_for_gateway '{url}' run-second $$ /dev/null && echo started");
        Assert.NotEqual(0, other.Exit);
        Assert.DoesNotContain("started", other.Out);
        Assert.Contains($"demo: {url} is answered by another gateway (instance run-first, pid {Environment.ProcessId}), not the one this demo started", other.Err);
    }

    [Fact]
    public async Task A_gateway_that_exits_while_starting_fails_the_start_with_its_log()
    {
        using var dir = new Support.TempDir("ds-demo-");
        var log = dir.File("gateway.log");
        File.WriteAllText(log, "Failed to bind to address http://127.0.0.1:5080: address already in use.\n");
        var r = await DemoScript.RunFunctionAsync($"sleep 0.1 & gw=$!; wait $gw; demo_wait_for_gateway http://127.0.0.1:9 run-x $gw '{log}' && echo started");
        Assert.NotEqual(0, r.Exit);
        Assert.DoesNotContain("started", r.Out);
        Assert.Contains("demo: the gateway (pid ", r.Err);
        Assert.Contains("exited while starting", r.Err);
        Assert.Contains("address already in use", r.Err);
    }
}
