using DispenseStation.Firmware.Ports;

namespace DispenseStation.VirtualStation.Storage;

/// <summary>The station's non-volatile store on .NET: one file per blob in a directory. A write
/// is not atomic (like flash); the core's durable record store makes records survive a torn one.</summary>
public sealed class DirectoryFileStore : IFileStore
{
    private readonly string _directory;

    public DirectoryFileStore(string directory)
    {
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    public string DirectoryPath => _directory;

    public byte[] Read(string name)
    {
        string path = PathOf(name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null!;
    }

    public void Write(string name, byte[] data, int length)
    {
        using var stream = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(data, 0, length);
        stream.Flush(flushToDisk: true);
    }

    public void Delete(string name)
    {
        string path = PathOf(name);
        if (File.Exists(path)) File.Delete(path);
    }

    private string PathOf(string name)
    {
        if (string.IsNullOrEmpty(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains(".."))
            throw new ArgumentException($"blob name '{name}' is not a plain file name", nameof(name));
        return Path.Combine(_directory, name);
    }
}
