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

    /// <summary>Stations per statement in the batch calls (well under either database's parameter limit).</summary>
    private const int Chunk = 500;

    /// <summary>Takes the lease when nobody holds it (a new epoch); null when another instance holds it.</summary>
    public async Task<StationLease?> TryAcquireAsync(string stationId, string owner, long leaseMs, CancellationToken ct) =>
        (await TryAcquireAllAsync([stationId], owner, leaseMs, ct)).SingleOrDefault();

    /// <summary>
    /// Takes every lease among <paramref name="stationIds"/> that nobody holds (each with a new epoch), one statement per
    /// <see cref="Chunk"/> stations; returns the leases taken. A round of one statement per station took longer than the
    /// lease itself with 1000 stations on a loaded machine.
    /// </summary>
    public async Task<IReadOnlyList<StationLease>> TryAcquireAllAsync(IReadOnlyCollection<string> stationIds, string owner, long leaseMs, CancellationToken ct)
    {
        var taken = new List<StationLease>();
        if (stationIds.Count == 0) return taken;
        await using var c = await _storage.OpenAsync(ct);
        foreach (var chunk in stationIds.Chunk(Chunk))
        {
            var p = new DynamicParameters(new { owner, leaseMs, maxAhead = MaxAheadMs });
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                p.Add("s" + i, chunk[i]);
                rows.Add($"(@s{i}, @owner, 1, {_now}, {_now} + @leaseMs)");
            }
            taken.AddRange(await c.QueryAsync<StationLease>(new CommandDefinition($"""
                INSERT INTO station_leases (station_id, owner, epoch, acquired_ms, expires_ms)
                VALUES {string.Join(", ", rows)}
                ON CONFLICT (station_id) DO UPDATE SET
                    owner = excluded.owner,
                    epoch = (CASE WHEN station_leases.epoch < 1 THEN 0 ELSE station_leases.epoch END) + 1,
                    acquired_ms = excluded.acquired_ms,
                    expires_ms = excluded.expires_ms
                WHERE station_leases.expires_ms <= {_now}
                   OR station_leases.expires_ms > {_now} + @maxAhead
                   OR station_leases.epoch < 1
                RETURNING {LeaseColumns}
                """, p, cancellationToken: ct)));
        }
        return taken;
    }

    /// <summary>Extends a lease still held under <paramref name="epoch"/>; false when it ran out or changed hands
    /// (the caller must stop acting for the station at once).</summary>
    public async Task<bool> RenewAsync(string stationId, string owner, long epoch, long leaseMs, CancellationToken ct) =>
        (await RenewAllAsync([(stationId, epoch)], owner, leaseMs, ct)).Contains(stationId);

    /// <summary>Extends every lease of <paramref name="held"/> still held under its epoch, one statement per <see cref="Chunk"/>
    /// stations; returns the stations renewed (one missing ran out or changed hands: stop acting for it at once).</summary>
    public async Task<IReadOnlySet<string>> RenewAllAsync(IReadOnlyCollection<(string StationId, long Epoch)> held, string owner, long leaseMs, CancellationToken ct)
    {
        var renewed = new HashSet<string>(StringComparer.Ordinal);
        if (held.Count == 0) return renewed;
        await using var c = await _storage.OpenAsync(ct);
        foreach (var chunk in held.Chunk(Chunk))
        {
            // Station ids are [a-z0-9-] (StationId.Check), so "id:epoch" names one pair.
            var (keys, p) = ListParameters(chunk.Select(h => h.StationId + ":" + h.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            p.AddDynamicParams(new { owner, leaseMs, maxAhead = MaxAheadMs });
            renewed.UnionWith(await c.QueryAsync<string>(new CommandDefinition($"""
                UPDATE station_leases SET expires_ms = {_now} + @leaseMs
                WHERE owner = @owner AND station_id || ':' || CAST(epoch AS TEXT) IN ({keys})
                  AND expires_ms > {_now} AND expires_ms <= {_now} + @maxAhead
                RETURNING station_id
                """, p, cancellationToken: ct)));
        }
        return renewed;
    }

    /// <summary>The leases of <paramref name="stationIds"/> as the database holds them (stations with no row are left out).</summary>
    public async Task<IReadOnlyList<StationLease>> GetAllAsync(IReadOnlyCollection<string> stationIds, CancellationToken ct)
    {
        var leases = new List<StationLease>();
        if (stationIds.Count == 0) return leases;
        await using var c = await _storage.OpenAsync(ct);
        foreach (var chunk in stationIds.Chunk(Chunk))
        {
            var (ids, p) = ListParameters(chunk);
            leases.AddRange(await c.QueryAsync<StationLease>(new CommandDefinition(
                $"SELECT {LeaseColumns} FROM station_leases WHERE station_id IN ({ids})", p, cancellationToken: ct)));
        }
        return leases;
    }

    /// <summary>"@k0, @k1, ..." with the values bound: Dapper would expand a list for SQLite but hands Npgsql an array,
    /// which "IN" does not take.</summary>
    private static (string Names, DynamicParameters Parameters) ListParameters(string[] values)
    {
        var p = new DynamicParameters();
        for (var i = 0; i < values.Length; i++) p.Add("k" + i, values[i]);
        return (string.Join(", ", values.Select((_, i) => "@k" + i)), p);
    }

    private const string LeaseColumns = "station_id AS StationId, owner AS Owner, epoch AS Epoch, acquired_ms AS AcquiredMs, expires_ms AS ExpiresMs";

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
