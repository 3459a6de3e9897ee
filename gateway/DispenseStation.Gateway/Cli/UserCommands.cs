using System.CommandLine;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// user add: creates a user directly in the gateway's database (the first administrator, before anyone can sign in),
/// using the same storage settings as the service (appsettings.json, Gateway__Storage__* environment, or the options).
/// </summary>
public static class UserCommands
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Login name (lower-case letters, digits, . _ -)" };
        var roles = new Option<string[]>("--role") { Description = $"One of {string.Join(", ", GatewayRoles.All)}; repeat for several", Required = true, AllowMultipleArgumentsPerToken = true };
        var provider = new Option<StorageProvider?>("--storage") { Description = "Sqlite or Postgres (default: the gateway's setting)" };
        var connection = new Option<string?>("--connection-string") { Description = "Database connection string (default: the gateway's setting)" };
        var add = new Command("add", "Create a user; the password is read from standard input.") { name, roles, provider, connection };
        add.SetAction((r, ct) => ListCommands.RunAsync(async () =>
        {
            var storage = StorageOptionsFor(r.GetValue(provider), r.GetValue(connection));
            var setup = new StorageSetup(Options.Create(new GatewayOptions { Storage = storage }), NullLogger<StorageSetup>.Instance);
            await setup.StartAsync(ct);
            var password = LoginCommands.ReadPassword();
            var accounts = new Accounts(new UserStore(setup.Dialect, setup.ConnectionString), TimeProvider.System);
            try
            {
                var user = await accounts.CreateAsync(r.GetValue(name), password, r.GetValue(roles), ct);
                await new SqlGatewayRepository(setup.Dialect, setup.ConnectionString).AppendAuditAsync(DateTimeOffset.UtcNow, "cli:" + Environment.UserName,
                    AuditEntity.User, user.Name, "user-created", System.Text.Json.JsonSerializer.Serialize(new { before = (object?)null, after = new { roles = user.Roles } }), ct);
                Console.WriteLine($"user {user.Name} created with roles {string.Join(", ", user.Roles)}");
                return 0;
            }
            catch (RequestRejectedException e)
            {
                throw new CliException(string.Join(Environment.NewLine, e.Errors.Select(x => $"{x.Field}: {x.Rule}")));
            }
        }));
        return new Command("user", "Manage gateway users offline (first administrator).") { add };
    }

    private static StorageOptions StorageOptionsFor(StorageProvider? provider, string? connection)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(System.IO.Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var s = config.GetSection($"{GatewayOptions.Section}:Storage").Get<StorageOptions>() ?? new StorageOptions();
        if (provider is { } p) s.Provider = p;
        if (connection is { Length: > 0 } c) s.ConnectionString = c;
        return s;
    }
}
