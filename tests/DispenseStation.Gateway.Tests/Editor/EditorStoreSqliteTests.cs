using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DispenseStation.Gateway.Tests.Editor;

public sealed class EditorStoreSqliteTests : EditorStoreContract, IDisposable
{
    private readonly TempDir _dir = new("ds-editor-");
    private int _n;

    protected override Task<StorageOptions> NewDatabaseAsync() =>
        Task.FromResult(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={_dir.File($"db{++_n}.sqlite")}" });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // release the files before deleting them
        _dir.Dispose();
    }
}
