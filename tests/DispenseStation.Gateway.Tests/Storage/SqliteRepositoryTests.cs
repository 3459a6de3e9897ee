using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DispenseStation.Gateway.Tests.Storage;

public sealed class SqliteRepositoryTests : RepositoryContract, IDisposable
{
    private readonly TempDir _dir = new("ds-sqlite-");
    private int _n;

    protected override Task<(SqlDialect, string)> NewDatabaseAsync()
    {
        var options = new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={_dir.File($"db{++_n}.sqlite")}" };
        return Task.FromResult((SqlDialect.For(StorageProvider.Sqlite), StorageSetup.Normalize(options)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // release the files before deleting them
        _dir.Dispose();
    }
}
