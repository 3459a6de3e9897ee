using DispenseStation.Gateway;
using DispenseStation.Gateway.Security;
using Microsoft.Extensions.Options;

// "hash-password [PASSWORD]" prints a hash for Gateway:Stations:N:PasswordHash (reads stdin when no argument).
if (args is ["hash-password", ..])
{
    var password = args.Length > 1 ? args[1] : Console.In.ReadLine();
    if (string.IsNullOrEmpty(password))
    {
        Console.Error.WriteLine("hash-password: give the password as argument or on standard input");
        return 2;
    }
    Console.WriteLine(PasswordHash.Create(password));
    return 0;
}

try
{
    await GatewayApp.Create(args).RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("Configuration is invalid:");
    foreach (var failure in e.Failures) Console.Error.WriteLine($"  {failure}");
    return 2;
}
catch (InvalidOperationException e) when (e.Message.Contains("configuration value", StringComparison.OrdinalIgnoreCase))
{
    // The binder's message names the key and value, e.g. 'Gateway:Mqtt:Mode' with value 'Embeded'.
    Console.Error.WriteLine($"Configuration is invalid: {e.Message}");
    return 2;
}
