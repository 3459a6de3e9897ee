namespace DispenseStation.Gateway.Tests.Support;

public sealed class TempDir : IDisposable
{
    public TempDir(string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a server may still hold a file for a moment; the OS cleans /tmp */ }
        catch (UnauthorizedAccessException) { }
    }
}

public static class UnixMode
{
    /// <summary>Sets a file's mode on Unix (servers started as root drop to their own user and must read our files).</summary>
    public static void Set(string path, int octal)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, (UnixFileMode)octal);
    }
}
