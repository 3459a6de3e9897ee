using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Editor;

/// <summary>The same contract on a real PostgreSQL cluster started for the test run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EditorStorePostgresTests(PostgresServer server) : EditorStoreContract
{
    protected override Task<StorageOptions> NewDatabaseAsync() => server.NewStorageAsync();
}
