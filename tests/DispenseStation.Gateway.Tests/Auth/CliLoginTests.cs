using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Cli;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Auth;

/// <summary>user add (offline, first administrator), login, an authenticated command, logout (revoked), on a gateway without the default test user.</summary>
[Collection("console")]
public sealed class CliLoginTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        var (oldOut, oldErr, oldIn) = (Console.Out, Console.Error, Console.In);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Console.SetIn(new StringReader(stdin));
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(stdout), Ansi = Spectre.Console.AnsiSupport.No, Interactive = Spectre.Console.InteractionSupport.No,
        });
        try { return (await CliApp.RunAsync(args), stdout.ToString(), stderr.ToString()); }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Console.SetIn(oldIn);
        }
    }

    [Fact]
    public async Task First_administrator_from_the_cli_then_login_list_and_logout()
    {
        using var tokens = new TempDir("ds-cli-tokens-");
        Environment.SetEnvironmentVariable("DISPENSE_TOKEN_FILE", tokens.File("tokens.json"));
        try
        {
            await using var h = await AppHarness.StartAsync(new() { [RunningGateway.DefaultUserSetting] = "false" });
            var storage = h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Storage.StorageSetup>();
            var url = h.Http.BaseAddress!.ToString();

            var weak = await RunAsync("short\n", "user", "add", "admin", "--role", "supervisor", "--connection-string", storage.ConnectionString);
            Assert.Equal(2, weak.Exit);
            Assert.Contains("password: must be 8 to 128 characters", weak.Err);
            var added = await RunAsync("admin-password-1\n", "user", "add", "admin", "--role", "supervisor", "--role", "technician", "--connection-string", storage.ConnectionString);
            Assert.True(added.Exit == 0, added.Err);
            Assert.Contains("user admin created with roles supervisor, technician", added.Out);

            var before = await RunAsync("", "batches", "--gateway", url);
            Assert.Equal(2, before.Exit);
            Assert.Contains($"not signed in to {url.TrimEnd('/')}: sign in with 'login --user NAME", before.Err);

            var wrong = await RunAsync("nope-nope-nope\n", "login", "--user", "admin", "--gateway", url);
            Assert.Equal(2, wrong.Exit);
            Assert.Contains("unknown user, wrong password or disabled account", wrong.Err);
            var login = await RunAsync("admin-password-1\n", "login", "--user", "admin", "--gateway", url);
            Assert.True(login.Exit == 0, login.Err);
            Assert.Contains("signed in as admin (supervisor, technician)", login.Out);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokens.File("tokens.json")));

            Assert.Equal(0, (await RunAsync("", "batches", "--gateway", url)).Exit);
            var logout = await RunAsync("", "logout", "--gateway", url);
            Assert.True(logout.Exit == 0, logout.Err);
            var after = await RunAsync("", "batches", "--gateway", url);
            Assert.Equal(2, after.Exit);
            var accounts = h.Gateway.App.Services.GetRequiredService<Accounts>();
            Assert.All(await accounts.Store.ListTokensAsync("admin"), t => Assert.NotNull(t.RevokedAt));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DISPENSE_TOKEN_FILE", null);
        }
    }
}
