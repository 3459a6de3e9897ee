using System.CommandLine;
using System.Text.Json;

namespace DispenseStation.Gateway.Cli;

/// <summary>login: asks the gateway for an API token and keeps it (<see cref="TokenFile"/>); logout: revokes it and forgets it.</summary>
public static class LoginCommands
{
    public static Command Login()
    {
        var gateway = CliApp.GatewayOption();
        var user = new Option<string>("--user") { Description = "Your user name on the gateway", Required = true };
        var label = new Option<string>("--label") { Description = "What the token is for, shown in the token list", DefaultValueFactory = _ => "cli on " + Environment.MachineName };
        var cmd = new Command("login", "Sign in and store an API token for later commands. The password is read from standard input.") { gateway, user, label };
        cmd.SetAction((r, ct) => ListCommands.RunAsync(async () =>
        {
            var password = ReadPassword();
            using var client = new GatewayClient(r.GetValue(gateway)!, withToken: false);
            var answer = await client.PostAsync("api/auth/tokens", new { name = r.GetValue(user), password, label = r.GetValue(label) }, ct);
            var entry = new TokenFile.Entry(answer.GetProperty("id").GetInt64(), answer.GetProperty("token").GetString()!, answer.GetProperty("name").GetString()!);
            TokenFile.Save(r.GetValue(gateway)!, entry);
            var roles = string.Join(", ", answer.GetProperty("roles").EnumerateArray().Select(x => x.GetString()));
            Console.WriteLine($"signed in as {entry.Name} ({roles}); token {entry.Id} stored in {TokenFile.PathName}, expires {answer.GetProperty("expiresAt").GetDateTimeOffset():u}");
            return 0;
        }));
        return cmd;
    }

    public static Command Logout()
    {
        var gateway = CliApp.GatewayOption();
        var cmd = new Command("logout", "Revoke the stored API token on the gateway and forget it.") { gateway };
        cmd.SetAction((r, ct) => ListCommands.RunAsync(async () =>
        {
            var url = r.GetValue(gateway)!;
            var entry = TokenFile.EntryFor(url) ?? throw new CliException($"no stored token for {url}");
            using var client = new GatewayClient(url);
            await client.PostAsync($"api/auth/tokens/{entry.Id}/revoke", new { }, ct);
            TokenFile.Remove(url);
            Console.WriteLine($"token {entry.Id} of {entry.Name} revoked");
            return 0;
        }));
        return cmd;
    }

    /// <summary>One line of standard input, so passwords never appear in the process list or shell history.</summary>
    internal static string ReadPassword()
    {
        if (!Console.IsInputRedirected) Console.Error.Write("password: ");
        var password = Console.In.ReadLine();
        if (string.IsNullOrEmpty(password)) throw new CliException("password: give it on standard input (one line)");
        return password;
    }
}
