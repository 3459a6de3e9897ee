using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Signatures;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Storage;

/// <summary>Users, tokens, signatures and the filtered audit trail (migration 4) on every database; run once per provider.</summary>
public abstract class RecordsStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    protected abstract Task<(SqlDialect Dialect, string ConnectionString)> NewDatabaseAsync();

    private async Task<(SqlDialect Dialect, string Cs)> MigratedAsync()
    {
        var (dialect, cs) = await NewDatabaseAsync();
        await new Migrator(dialect, cs).MigrateAsync();
        return (dialect, cs);
    }

    [SkippableFact]
    public async Task Users_are_unique_by_name_and_disabling_revokes_their_tokens()
    {
        var (d, cs) = await MigratedAsync();
        var store = new UserStore(d, cs);
        var accounts = new Accounts(store, TimeProvider.System);
        var ana = await accounts.CreateAsync("ana", "ana-password-1", [GatewayRoles.Technician, GatewayRoles.Viewer]);
        await Assert.ThrowsAsync<Gateway.Orchestration.RequestRejectedException>(() => accounts.CreateAsync("ana", "other-password", [GatewayRoles.Viewer]));
        Assert.Equal([GatewayRoles.Technician, GatewayRoles.Viewer], (await store.FindAsync("ana"))!.Roles);
        Assert.NotNull(await accounts.VerifyAsync("ana", "ana-password-1"));
        Assert.Null(await accounts.VerifyAsync("ana", "ana-password-2"));

        var (id, token, _) = await accounts.IssueTokenAsync(ana, "laptop", TimeSpan.FromDays(1));
        Assert.Equal("ana", (await accounts.ResolveTokenAsync(token))!.Value.User.Name);
        Assert.Null(await accounts.ResolveTokenAsync(token + "x"));
        Assert.True(await store.UpdateAsync("ana", [GatewayRoles.Viewer], disabled: true, T0));
        Assert.Null(await accounts.ResolveTokenAsync(token));
        Assert.NotNull((await store.ListTokensAsync("ana")).Single(t => t.Id == id).RevokedAt);
        Assert.Null(await accounts.VerifyAsync("ana", "ana-password-1"));
    }

    [SkippableFact]
    public async Task An_expired_token_is_refused()
    {
        var (d, cs) = await MigratedAsync();
        var clock = new ManualClock(T0);
        var accounts = new Accounts(new UserStore(d, cs), clock);
        var bo = await accounts.CreateAsync("bo", "bo-password-1", [GatewayRoles.Engineer]);
        var (_, token, expires) = await accounts.IssueTokenAsync(bo, "cli", TimeSpan.FromHours(1));
        clock.Now = expires.AddMilliseconds(-1);
        Assert.NotNull(await accounts.ResolveTokenAsync(token));
        clock.Now = expires;
        Assert.Null(await accounts.ResolveTokenAsync(token));
    }

    [SkippableFact]
    public async Task Signatures_are_one_per_meaning_and_append_only()
    {
        var (d, cs) = await MigratedAsync();
        var repo = new SqlGatewayRepository(d, cs);
        await repo.UpsertStationAsync("ds-01", "1.0", T0);
        await repo.CreateBatchAsync(new BatchRecord("B-1", "ds-01", "r", "name: r\n", 100, "ana", new Dictionary<string, string>(), BatchState.Created, null, T0, null, null));
        var store = new SignatureStore(d, cs);
        Assert.True(await store.AddAsync(new SignatureRecord(0, "B-1", SignatureMeaning.Performed, "ana", T0, "abc")));
        Assert.False(await store.AddAsync(new SignatureRecord(0, "B-1", SignatureMeaning.Performed, "bo", T0, "abc")));
        Assert.Equal("ana", Assert.Single(await store.ListAsync("B-1")).UserName);
        await using var c = d.CreateConnection(cs);
        await c.OpenAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("UPDATE signatures SET user_name = 'mallory'"));
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("DELETE FROM signatures"));
        Assert.Equal("ana", Assert.Single(await store.ListAsync("B-1")).UserName);
    }

    [SkippableFact]
    public async Task The_audit_trail_filters_by_user_entity_station_batch_and_time()
    {
        var (d, cs) = await MigratedAsync();
        var clock = new ManualClock(T0);
        var options = Options.Create(new GatewayOptions { Storage = new StorageOptions { Provider = d.Provider, ConnectionString = cs } });
        var audit = new AuditTrail(new StorageSetup(options, NullLogger<StorageSetup>.Instance), clock);
        await audit.AppendAsync(new AuditAction("ana", AuditEntity.Batch, "B-1", "hold", new { state = "Running" }, new { accepted = true }, "ds-01", "B-1"));
        clock.Now = T0.AddMinutes(1);
        await audit.AppendAsync(new AuditAction("bo", AuditEntity.Parameter, "ds-02/hotplate-pid", "set-gains", null, new { kp = 1.0 }, "ds-02"));
        clock.Now = T0.AddMinutes(2);
        await audit.AppendAsync(new AuditAction("ana", AuditEntity.Signature, "B-1", "signed-performed", null, null, "ds-01", "B-1"));

        Assert.Equal(["hold", "signed-performed"], (await audit.QueryAsync(new AuditFilter(Actor: "ana"))).Select(a => a.Action));
        Assert.Equal(["set-gains"], (await audit.QueryAsync(new AuditFilter(StationId: "ds-02"))).Select(a => a.Action));
        Assert.Equal(["hold", "signed-performed"], (await audit.QueryAsync(new AuditFilter(BatchId: "B-1"))).Select(a => a.Action));
        Assert.Equal(["set-gains"], (await audit.QueryAsync(new AuditFilter(From: T0.AddMinutes(1), To: T0.AddMinutes(2)))).Select(a => a.Action));
        var hold = (await audit.QueryAsync(new AuditFilter(Entity: AuditEntity.Batch))).Single();
        Assert.Equal(T0, hold.At);
        Assert.Equal("""{"before":{"state":"Running"},"after":{"accepted":true},"details":null}""", hold.Details);
        Assert.Single(await audit.QueryAsync(new AuditFilter(Limit: 1)));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class SqliteRecordsStoreTests : RecordsStoreContract, IDisposable
{
    private readonly SqliteTestDatabases _databases = new("ds-sqlite-records-");

    protected override Task<(SqlDialect, string)> NewDatabaseAsync() =>
        Task.FromResult((SqlDialect.For(StorageProvider.Sqlite), StorageSetup.Normalize(_databases.Next())));

    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRecordsStoreTests(PostgresServer server) : RecordsStoreContract
{
    protected override async Task<(SqlDialect, string)> NewDatabaseAsync()
    {
        ExternalService.Require(server.Unavailable);
        return (SqlDialect.For(StorageProvider.Postgres), await server.CreateDatabaseAsync());
    }
}
