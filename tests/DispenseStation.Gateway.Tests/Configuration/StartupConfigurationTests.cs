using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Configuration;

/// <summary>A bad configuration stops the gateway at start-up, before it opens any port, naming the setting.</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task Invalid_settings_fail_start_up_with_every_setting_named()
    {
        using var dir = new TempDir("ds-cfg-");
        await using var app = GatewayApp.Create(
            ["--mqtt-port", "0", "--retention-days", "0", "--connection-string", $"Data Source={dir.File("g.db")}"],
            b => b.Logging.ClearProviders());
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(e.Failures, f => f.StartsWith("Gateway:Mqtt:Port:"));
        Assert.Contains(e.Failures, f => f.StartsWith("Gateway:Telemetry:RetentionDays:"));
        Assert.False(File.Exists(dir.File("g.db")), "nothing may be half-applied: the database must not be created");
    }

    [Fact]
    public void An_unknown_enum_value_names_its_key()
    {
        var e = Assert.ThrowsAny<InvalidOperationException>(() => GatewayApp.Create(["--broker", "Embeded"], b => b.Logging.ClearProviders()));
        Assert.Contains("Gateway:Mqtt:Mode", e.Message);
    }

    [Fact]
    public async Task The_executable_exits_with_code_2_and_prints_the_setting()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DispenseStation.Gateway.dll");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "serve", "--mqtt-listen", "not-an-ip", "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(cts.Token);
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("Gateway:Mqtt:ListenAddress: must be an IP address", await stderr + await stdout);
    }

    [Fact]
    public async Task Hash_password_prints_a_hash_the_gateway_accepts()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DispenseStation.Gateway.dll");
        var output = await ProcessRunner.RunAsync("dotnet", [dll, "hash-password", "station-secret"], TimeSpan.FromSeconds(30));
        var hash = output.Trim();
        Assert.True(Security.PasswordHash.Verify("station-secret", hash));
    }
}
