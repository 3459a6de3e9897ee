using DispenseStation.Gateway.Configuration;
using Microsoft.Data.Sqlite;

namespace DispenseStation.Gateway.Storage.Capacity;

/// <summary>Free space where the database lives: the SQLite file's file system; unknown (null) for PostgreSQL on another host.</summary>
public static class DiskSpace
{
    public static long? FreeBytes(StorageOptions storage)
    {
        if (storage.Provider != StorageProvider.Sqlite) return null;
        var source = new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:") return null;
        var dir = Path.GetDirectoryName(Path.GetFullPath(source))!;
        try
        {
            return new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
