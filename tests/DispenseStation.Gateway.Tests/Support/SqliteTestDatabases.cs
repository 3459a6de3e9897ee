using DispenseStation.Gateway.Configuration;
using Microsoft.Data.Sqlite;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>Fresh SQLite databases for one test class, in one temp folder deleted at the end.</summary>
public sealed class SqliteTestDatabases(string prefix) : IDisposable
{
    private readonly TempDir _dir = new(prefix);
    private int _n;

    /// <summary>Settings for a new, empty database file.</summary>
    public StorageOptions Next() => new()
    {
        Provider = StorageProvider.Sqlite,
        ConnectionString = $"Data Source={_dir.File($"db{Interlocked.Increment(ref _n)}.sqlite")}",
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // release the files before deleting them
        _dir.Dispose();
    }
}
