using System.Diagnostics;
using DispenseStation.Gateway.Cli;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>
/// Runs the command line two ways: in this process with the console captured (plain, 240 columns), and as the real
/// executable in a child process (real pipes, real environment, real working directory).
/// </summary>
public static class CliRun
{
    public static string Recipe(string id) => Path.Combine(AppContext.BaseDirectory, "library", "recipes", id + ".yaml");

    public static async Task<(int Exit, string Out, string Err)> InProcessAsync(params string[] args)
    {
        var (oldOut, oldErr, oldAnsi) = (Console.Out, Console.Error, Spectre.Console.AnsiConsole.Console);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(stdout), Ansi = Spectre.Console.AnsiSupport.No, Interactive = Spectre.Console.InteractionSupport.No,
        });
        Spectre.Console.AnsiConsole.Console.Profile.Width = 240; // no wrapping inside the phrases the tests look for
        try { return (await CliApp.RunAsync(args), stdout.ToString(), stderr.ToString()); }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Spectre.Console.AnsiConsole.Console = oldAnsi;
        }
    }

    /// <summary>The gateway executable as a user starts it; <paramref name="env"/> entries with a null value are removed.</summary>
    public static async Task<(int Exit, string Out, string Err)> ExecutableAsync(string workingDirectory, IDictionary<string, string?>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DispenseStation.Gateway.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        return await WaitAsync(psi);
    }

    /// <summary>Runs <paramref name="psi"/> to its exit (at most a minute: these commands return at once).</summary>
    public static async Task<(int Exit, string Out, string Err)> WaitAsync(ProcessStartInfo psi)
    {
        using var p = Process.Start(psi)!;
        if (psi.RedirectStandardInput) p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} was still running after a minute: it started something");
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}
