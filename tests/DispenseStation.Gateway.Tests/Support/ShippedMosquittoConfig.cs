namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// deploy/mosquitto/mosquitto.conf as shipped, with only its file paths and listener ports replaced
/// so a test can run it from a temporary directory on free ports. Every replacement must match
/// exactly once: if the shipped file changes shape, the tests fail instead of running something else.
/// </summary>
public static class ShippedMosquittoConfig
{
    public const string ShippedDirectory = "/etc/mosquitto/dispense/";
    public const string ShippedPersistence = "/var/lib/mosquitto/";
    public const string ShippedTlsListener = "listener 8883\n";
    public const string ShippedPlainListener = "listener 1883 127.0.0.1\n";

    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "deploy", "mosquitto", "mosquitto.conf");

    public static string Render(string shipped, string directory, string persistenceDirectory, int tlsPort, int plainPort)
    {
        var text = shipped.Replace("\r\n", "\n");
        text = ReplaceAll(text, ShippedDirectory, directory.TrimEnd('/') + "/", expected: 5);
        text = ReplaceAll(text, ShippedPersistence, persistenceDirectory.TrimEnd('/') + "/", expected: 1);
        text = ReplaceAll(text, ShippedTlsListener, $"listener {tlsPort}\n", expected: 1);
        text = ReplaceAll(text, ShippedPlainListener, $"listener {plainPort} 127.0.0.1\n", expected: 1);
        return text;
    }

    /// <summary>Replaces in directive lines only; comments stay as shipped.</summary>
    private static string ReplaceAll(string text, string from, string to, int expected)
    {
        var count = 0;
        var lines = (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith('#')) continue;
            var line = lines[i] + "\n";
            if (!line.Contains(from, StringComparison.Ordinal)) continue;
            count++;
            lines[i] = line.Replace(from, to, StringComparison.Ordinal)[..^1];
        }
        if (count != expected)
            throw new InvalidOperationException($"deploy/mosquitto/mosquitto.conf: expected '{from.TrimEnd()}' on {expected} directive line(s), found {count}; update {nameof(ShippedMosquittoConfig)} with the file");
        return string.Join('\n', lines) + "\n";
    }
}
