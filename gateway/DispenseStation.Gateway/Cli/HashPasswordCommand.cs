using System.CommandLine;
using DispenseStation.Gateway.Security;

namespace DispenseStation.Gateway.Cli;

/// <summary>hash-password [PASSWORD]: prints a hash for Gateway:Stations:N:PasswordHash (reads standard input when no argument).</summary>
public static class HashPasswordCommand
{
    public static Command Create()
    {
        var password = new Argument<string?>("PASSWORD") { Description = "The password (default: one line of standard input)", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("hash-password", "Print the PBKDF2 hash of a station or view-client password for the gateway's settings.") { password };
        cmd.SetAction(r =>
        {
            var given = r.GetValue(password) ?? Console.In.ReadLine();
            if (string.IsNullOrEmpty(given))
            {
                Console.Error.WriteLine("error: hash-password: give the password as argument or on standard input");
                return CliApp.UsageExit;
            }
            Console.WriteLine(PasswordHash.Create(given));
            return 0;
        });
        return cmd;
    }
}
