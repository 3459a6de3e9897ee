using System.Data.Common;
using Dapper;

namespace DispenseStation.Gateway.Storage.History;

/// <summary>One averaged point of a history query: the bucket's start (UTC), how many 1 s rows it averages, and the values.</summary>
public sealed record HistoryPoint(DateTimeOffset At, long Samples, double? ScaleGrams, double? PlateC, double? PlateMinC, double? PlateMaxC,
    double? SetpointC, double? HeaterDuty);

/// <summary>
/// Rolls stored telemetry up into the 1 min and 1 h tiers, reads a range of any tier at a coarser resolution, and prunes
/// each tier to its retention, with the same SQL on SQLite and PostgreSQL (integer division of Unix ms makes the buckets;
/// a roll-up recomputes whole buckets, so running it again over the same range changes nothing).
/// </summary>
public sealed class TelemetryHistoryStore(SqlDialect dialect, string connectionString)
{
    private const string Columns = "station_id, resolution_ms, at_ms, samples, scale_g, plate_c, plate_min_c, plate_max_c, setpoint_c, heater_duty, scale_n, plate_n, setpoint_n, duty_n";
    private const string Counts = "CAST(COUNT(scale_g) AS BIGINT) AS scale_n, CAST(COUNT(plate_c) AS BIGINT) AS plate_n, CAST(COUNT(setpoint_c) AS BIGINT) AS setpoint_n, CAST(COUNT(heater_duty) AS BIGINT) AS duty_n";
    private const string SummedCounts = "CAST(SUM(scale_n) AS BIGINT) AS scale_n, CAST(SUM(plate_n) AS BIGINT) AS plate_n, CAST(SUM(setpoint_n) AS BIGINT) AS setpoint_n, CAST(SUM(duty_n) AS BIGINT) AS duty_n";

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var c = dialect.CreateConnection(connectionString);
        await c.OpenAsync(ct);
        return c;
    }

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <summary>Start of the bucket of <paramref name="resolutionMs"/> that holds <paramref name="t"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset t, long resolutionMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Ms(t) - (((Ms(t) % resolutionMs) + resolutionMs) % resolutionMs));

    // Averages weighted by the 1 s rows that had the value; NULL where none had it.
    private string Weighted(string column, string n) =>
        $"SUM({column} * CAST({n} AS {dialect.Double})) / NULLIF(SUM(CAST({n} AS {dialect.Double})), 0)";

    private string FromRaw(string stationFilter) => $"""
        SELECT station_id, (at_ms / @res) * @res AS at_ms, CAST(COUNT(*) AS BIGINT) AS samples, AVG(scale_g) AS scale_g, AVG(plate_c) AS plate_c,
               MIN(plate_c) AS plate_min_c, MAX(plate_c) AS plate_max_c, AVG(setpoint_c) AS setpoint_c, AVG(heater_duty) AS heater_duty, {Counts}
        FROM telemetry WHERE at_ms >= @from AND at_ms < @to{stationFilter}
        GROUP BY station_id, (at_ms / @res) * @res
        """;

    private string FromTier(string stationFilter) => $"""
        SELECT station_id, (at_ms / @res) * @res AS at_ms, CAST(SUM(samples) AS BIGINT) AS samples, {Weighted("scale_g", "scale_n")} AS scale_g, {Weighted("plate_c", "plate_n")} AS plate_c,
               MIN(plate_min_c) AS plate_min_c, MAX(plate_max_c) AS plate_max_c, {Weighted("setpoint_c", "setpoint_n")} AS setpoint_c,
               {Weighted("heater_duty", "duty_n")} AS heater_duty, {SummedCounts}
        FROM telemetry_rollup WHERE resolution_ms = @source AND at_ms >= @from AND at_ms < @to{stationFilter}
        GROUP BY station_id, (at_ms / @res) * @res
        """;

    /// <summary>
    /// Recomputes the buckets of <paramref name="target"/> that start in [from, to) from <paramref name="source"/> (the stored
    /// telemetry for the 1 min tier, the 1 min tier for the 1 h tier). <paramref name="from"/> and <paramref name="to"/> are
    /// floored to the target's buckets; only complete buckets should be asked for. Returns the rows written.
    /// </summary>
    public async Task<int> RollUpAsync(TelemetryTier source, TelemetryTier target, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (target.IsRaw || target.ResolutionMs <= source.ResolutionMs || target.ResolutionMs % source.ResolutionMs != 0)
            throw new ArgumentException($"cannot roll {source.Name} up into {target.Name}", nameof(target));
        var select = source.IsRaw ? FromRaw("") : FromTier("");
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO telemetry_rollup ({Columns})
            SELECT station_id, @res, at_ms, samples, scale_g, plate_c, plate_min_c, plate_max_c, setpoint_c, heater_duty, scale_n, plate_n, setpoint_n, duty_n FROM ({select}) r WHERE true
            ON CONFLICT (station_id, resolution_ms, at_ms) DO UPDATE SET samples = excluded.samples, scale_g = excluded.scale_g,
                plate_c = excluded.plate_c, plate_min_c = excluded.plate_min_c, plate_max_c = excluded.plate_max_c,
                setpoint_c = excluded.setpoint_c, heater_duty = excluded.heater_duty, scale_n = excluded.scale_n, plate_n = excluded.plate_n,
                setpoint_n = excluded.setpoint_n, duty_n = excluded.duty_n
            """, new { res = target.ResolutionMs, source = source.ResolutionMs, from = Ms(Floor(from, target.ResolutionMs)), to = Ms(Floor(to, target.ResolutionMs)) },
            cancellationToken: ct, commandTimeout: 300));
    }

    /// <summary>Start of the newest bucket stored in <paramref name="tier"/> (any station), or null when it is empty.</summary>
    public async Task<DateTimeOffset?> NewestAsync(TelemetryTier tier, CancellationToken ct) => await EdgeAsync(tier, "MAX", ct);

    /// <summary>Start of the oldest bucket stored in <paramref name="tier"/> (any station), or null when it is empty.</summary>
    public async Task<DateTimeOffset?> OldestAsync(TelemetryTier tier, CancellationToken ct) => await EdgeAsync(tier, "MIN", ct);

    private async Task<DateTimeOffset?> EdgeAsync(TelemetryTier tier, string fn, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var ms = tier.IsRaw
            ? await c.ExecuteScalarAsync<long?>(new CommandDefinition($"SELECT {fn}(at_ms) FROM telemetry", cancellationToken: ct))
            : await c.ExecuteScalarAsync<long?>(new CommandDefinition($"SELECT {fn}(at_ms) FROM telemetry_rollup WHERE resolution_ms = @res",
                new { res = tier.ResolutionMs }, cancellationToken: ct));
        return ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }

    /// <summary>
    /// The station's telemetry from <paramref name="source"/> in [from, to), averaged into buckets of
    /// <paramref name="resolutionMs"/> (a multiple of the source's resolution), oldest first.
    /// </summary>
    public async Task<IReadOnlyList<HistoryPoint>> QueryAsync(string stationId, TelemetryTier source, DateTimeOffset from, DateTimeOffset to,
        long resolutionMs, CancellationToken ct)
    {
        if (resolutionMs < source.ResolutionMs || resolutionMs % source.ResolutionMs != 0)
            throw new ArgumentException($"{resolutionMs} ms is not a multiple of the {source.Name} tier", nameof(resolutionMs));
        var select = source.IsRaw ? FromRaw(" AND station_id = @station") : FromTier(" AND station_id = @station");
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"SELECT * FROM ({select}) r ORDER BY at_ms",
            new { station = stationId, res = resolutionMs, source = source.ResolutionMs, from = Ms(from), to = Ms(to) }, cancellationToken: ct));
        return rows.Select(r => new HistoryPoint(DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), r.Samples, r.ScaleG, r.PlateC, r.PlateMinC, r.PlateMaxC,
            r.SetpointC, r.HeaterDuty)).ToList();
    }

    /// <summary>Deletes the rolled-up rows of <paramref name="tier"/> older than <paramref name="olderThan"/>; returns how many.</summary>
    public async Task<int> PruneAsync(TelemetryTier tier, DateTimeOffset olderThan, CancellationToken ct)
    {
        if (tier.IsRaw) throw new ArgumentException("the stored telemetry is pruned by TelemetryPruneService", nameof(tier));
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM telemetry_rollup WHERE resolution_ms = @res AND at_ms < @cut",
            new { res = tier.ResolutionMs, cut = Ms(olderThan) }, cancellationToken: ct));
    }

    /// <summary>Settable properties: Dapper converts SQLite's and PostgreSQL's integer and float types alike.</summary>
    private sealed class Row
    {
        public string StationId { get; set; } = "";
        public long AtMs { get; set; }
        public long Samples { get; set; }
        public double? ScaleG { get; set; }
        public double? PlateC { get; set; }
        public double? PlateMinC { get; set; }
        public double? PlateMaxC { get; set; }
        public double? SetpointC { get; set; }
        public double? HeaterDuty { get; set; }
    }
}
