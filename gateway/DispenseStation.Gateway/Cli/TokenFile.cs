using System.Text.Json;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// API tokens the CLI holds, one per gateway URL, in ~/.config/dispense-station/tokens.json (or DISPENSE_TOKEN_FILE),
/// readable only by the user. DISPENSE_TOKEN, when set, is used instead of the file (for scripts and CI).
/// </summary>
public static class TokenFile
{
    public sealed record Entry(long Id, string Token, string Name);

    public static string PathName => Environment.GetEnvironmentVariable("DISPENSE_TOKEN_FILE") is { Length: > 0 } p ? p
        : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "dispense-station", "tokens.json");

    private static string Key(string gateway) => gateway.TrimEnd('/').ToLowerInvariant();

    public static string? TokenFor(string gateway) =>
        Environment.GetEnvironmentVariable("DISPENSE_TOKEN") is { Length: > 0 } t ? t : Read().GetValueOrDefault(Key(gateway))?.Token;

    public static Entry? EntryFor(string gateway) => Read().GetValueOrDefault(Key(gateway));

    public static void Save(string gateway, Entry entry)
    {
        var all = Read();
        all[Key(gateway)] = entry;
        Write(all);
    }

    public static void Remove(string gateway)
    {
        var all = Read();
        if (all.Remove(Key(gateway))) Write(all);
    }

    private static Dictionary<string, Entry> Read()
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(PathName)) ?? new(); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return new(); }
    }

    private static void Write(Dictionary<string, Entry> all)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(PathName)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var f = new FileStream(PathName, options)) JsonSerializer.Serialize(f, all);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(PathName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
