using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Editor;

public sealed class EditorStoreSqliteTests : EditorStoreContract, IDisposable
{
    private readonly SqliteTestDatabases _databases = new("ds-editor-");

    protected override Task<StorageOptions> NewDatabaseAsync() => Task.FromResult(_databases.Next());

    public void Dispose() => _databases.Dispose();
}
