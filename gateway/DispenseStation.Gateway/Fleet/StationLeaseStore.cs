using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// The lease table. Every decision is one conditional statement timed by the database's clock, so two instances
/// racing for a station cannot both win and their own clocks do not matter. A lease is held while now &lt; expires_ms;
/// it can be taken at expires_ms. A row no instance could have written (expiry further ahead than the longest lease,
/// an epoch below 1) counts as expired, so a hand edit cannot pin a station to a dead owner.
/// </summary>
public sealed class StationLeaseStore
{
    private readonly StorageSetup _storage;
    private readonly string _now;

    /// <param name="clockSql">The clock expression; tests give a fixed literal to put a lease exactly on its expiry.</param>
    public StationLeaseStore(StorageSetup storage, string? clockSql = null)
    {
        _storage = storage;
        _now = clockSql ?? storage.Dialect.NowMs;
    }

    private static long MaxAheadMs => (long)(FleetOptionsValidator.MaxLeaseSeconds * 1000);

    /// <summary>Takes the lease when nobody holds it (a new epoch); null when another instance holds it.</summary>
    public async Task<StationLease?> TryAcquireAsync(string stationId, string owner, long leaseMs, CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        var taken = await c.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO station_leases (station_id, owner, epoch, acquired_ms, expires_ms)
            VALUES (@stationId, @owner, 1, {_now}, {_now} + @leaseMs)
            ON CONFLICT (station_id) DO UPDATE SET
                owner = excluded.owner,
                epoch = (CASE WHEN station_leases.epoch < 1 THEN 0 ELSE station_leases.epoch END) + 1,
                acquired_ms = excluded.acquired_ms,
                expires_ms = excluded.expires_ms
            WHERE station_leases.expires_ms <= {_now}
               OR station_leases.expires_ms > {_now} + @maxAhead
               OR station_leases.epoch < 1
            """, new { stationId, owner, leaseMs, maxAhead = MaxAheadMs }, cancellationToken: ct));
        return taken == 1 ? await GetAsync(c, stationId, ct) : null;
    }

    /// <summary>Extends a lease still held under <paramref name="epoch"/>; false when it ran out or changed hands
    /// (the caller must stop acting for the station at once).</summary>
    public async Task<bool> RenewAsync(string stationId, string owner, long epoch, long leaseMs, CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition($"""
            UPDATE station_leases SET expires_ms = {_now} + @leaseMs
            WHERE station_id = @stationId AND owner = @owner AND epoch = @epoch
              AND expires_ms > {_now} AND expires_ms <= {_now} + @maxAhead
            """, new { stationId, owner, epoch, leaseMs, maxAhead = MaxAheadMs }, cancellationToken: ct)) == 1;
    }

    /// <summary>Ends a lease at once (orderly shutdown): another instance can take the station on its next look.</summary>
    public async Task<bool> ReleaseAsync(string stationId, string owner, long epoch, CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition($"""
            UPDATE station_leases SET expires_ms = {_now}
            WHERE station_id = @stationId AND owner = @owner AND epoch = @epoch AND expires_ms > {_now}
            """, new { stationId, owner, epoch }, cancellationToken: ct)) == 1;
    }

    /// <summary>True while <paramref name="owner"/> holds the lease under <paramref name="epoch"/> (the fence a write
    /// for the station checks first).</summary>
    public async Task<bool> IsHeldAsync(string stationId, string owner, long epoch, CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition($"""
            SELECT COUNT(*) FROM station_leases
            WHERE station_id = @stationId AND owner = @owner AND epoch = @epoch
              AND expires_ms > {_now} AND expires_ms <= {_now} + @maxAhead
            """, new { stationId, owner, epoch, maxAhead = MaxAheadMs }, cancellationToken: ct)) == 1;
    }

    /// <summary>Records the last event handled for the station, only while <paramref name="owner"/> holds it under
    /// <paramref name="epoch"/>: false (nothing written) for a deposed owner, which must stop acting for the station.</summary>
    public async Task<bool> RecordHandledAsync(string stationId, string owner, long epoch, HandledPosition position, CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition($"""
            UPDATE station_leases SET handled_seq = @seq, handled_uptime_ms = @uptime
            WHERE station_id = @stationId AND owner = @owner AND epoch = @epoch
              AND expires_ms > {_now} AND expires_ms <= {_now} + @maxAhead
            """, new { stationId, owner, epoch, seq = position.Seq, uptime = position.UptimeMs, maxAhead = MaxAheadMs }, cancellationToken: ct)) == 1;
    }

    /// <summary>The last event the station's owners recorded; <see cref="HandledPosition.None"/> when none (or no lease row).</summary>
    public async Task<HandledPosition> HandledOfAsync(string stationId, CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<HandledRow>(new CommandDefinition(
            "SELECT handled_seq AS Seq, handled_uptime_ms AS UptimeMs FROM station_leases WHERE station_id = @stationId", new { stationId }, cancellationToken: ct));
        return row is null ? HandledPosition.None : new HandledPosition(row.Seq, row.UptimeMs);
    }

    public async Task<StationLease?> GetAsync(string stationId, CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        return await GetAsync(c, stationId, ct);
    }

    public async Task<IReadOnlyList<StationLease>> ListAsync(CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        return (await c.QueryAsync<StationLease>(new CommandDefinition(
            "SELECT station_id AS StationId, owner AS Owner, epoch AS Epoch, acquired_ms AS AcquiredMs, expires_ms AS ExpiresMs FROM station_leases ORDER BY station_id", cancellationToken: ct))).ToList();
    }

    /// <summary>The database clock now, Unix ms.</summary>
    public async Task<long> NowMsAsync(CancellationToken ct)
    {
        await using var c = await _storage.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT {_now}", cancellationToken: ct));
    }

    private static Task<StationLease?> GetAsync(DbConnection c, string stationId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<StationLease>(new CommandDefinition(
            "SELECT station_id AS StationId, owner AS Owner, epoch AS Epoch, acquired_ms AS AcquiredMs, expires_ms AS ExpiresMs FROM station_leases WHERE station_id = @stationId",
            new { stationId }, cancellationToken: ct));

    private sealed record HandledRow(long Seq, long UptimeMs);
}
