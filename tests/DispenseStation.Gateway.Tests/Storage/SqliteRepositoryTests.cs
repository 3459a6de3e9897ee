using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Storage;

public sealed class SqliteRepositoryTests : RepositoryContract, IDisposable
{
    private readonly SqliteTestDatabases _databases = new("ds-sqlite-");

    protected override Task<(SqlDialect, string)> NewDatabaseAsync() =>
        Task.FromResult((SqlDialect.For(StorageProvider.Sqlite), StorageSetup.Normalize(_databases.Next())));

    public void Dispose() => _databases.Dispose();
}
