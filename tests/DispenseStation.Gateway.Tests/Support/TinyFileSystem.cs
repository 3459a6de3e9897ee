namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// A small tmpfs mounted for one test, so a database on it meets a really full disk (ENOSPC,
/// SQLITE_FULL). Needs root (mount); the test fails, never skips, without it.
/// </summary>
public sealed class TinyFileSystem : IAsyncDisposable
{
    private readonly TempDir _dir;
    private bool _mounted;

    private TinyFileSystem(TempDir dir) => _dir = dir;

    public string Path => _dir.Path;
    public string File(string name) => _dir.File(name);

    public static async Task<TinyFileSystem> MountAsync(int megabytes)
    {
        var fs = new TinyFileSystem(new TempDir("ds-tinyfs-"));
        await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", fs.Path], TimeSpan.FromSeconds(10));
        fs._mounted = true;
        return fs;
    }

    /// <summary>Writes a filler file until the file system refuses (ENOSPC); returns its path.</summary>
    public string FillUp()
    {
        var filler = File("filler");
        using var f = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0); // unbuffered: nothing left to flush
        var block = new byte[64 * 1024];
        try
        {
            while (true) f.Write(block);
        }
        catch (IOException) { }
        try
        {
            while (true) f.Write(block, 0, 1);
        }
        catch (IOException) { }
        return filler;
    }

    public async ValueTask DisposeAsync()
    {
        if (_mounted) await ProcessRunner.RunAsync("umount", ["-l", Path], TimeSpan.FromSeconds(10));
        _dir.Dispose();
    }
}
