using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Storage;

/// <summary>The same contract on a real PostgreSQL cluster started for the test run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRepositoryTests(PostgresServer server) : RepositoryContract
{
    protected override async Task<(SqlDialect, string)> NewDatabaseAsync()
    {
        ExternalService.Require(server.Unavailable);
        return (SqlDialect.For(StorageProvider.Postgres), await server.CreateDatabaseAsync());
    }
}
