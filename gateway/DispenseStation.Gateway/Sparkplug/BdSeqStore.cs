using System.Globalization;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>
/// The birth/death sequence number of the edge node's MQTT sessions (Sparkplug 3.0 section 6.4.x, "bdSeq"):
/// 0..255, one more for every CONNECT, carried by the NDEATH will and the NBIRTH that follows. Kept in a file so
/// that a restarted gateway continues the count and a host never takes the old session's NDEATH for the new one.
/// </summary>
public sealed class BdSeqStore(string path)
{
    /// <summary>The bdSeq for the next CONNECT, written to disk before it is used (a crash after this never reuses it).</summary>
    public byte Next()
    {
        var next = Last() is { } last ? (byte)((last + 1) % 256) : (byte)0;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        File.WriteAllText(temp, next.ToString(CultureInfo.InvariantCulture));
        File.Move(temp, path, overwrite: true);
        return next;
    }

    /// <summary>The last bdSeq used, or null when none was (or the file is unreadable: then the count starts again at 0).</summary>
    public byte? Last()
    {
        try
        {
            if (!File.Exists(path)) return null;
            return byte.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;
        }
        catch (IOException) { return null; }
    }
}
