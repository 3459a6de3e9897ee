using System.Data.Common;
using System.Globalization;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>Pump run requests and results, and calibrations' tables, in the gateway's database (SQLite or PostgreSQL), via
/// Dapper; rows are only ever added.</summary>
public sealed class PumpRunStore(StorageSetup storage)
{
    private Task<DbConnection> OpenAsync(CancellationToken ct) => storage.OpenAsync(ct);

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public async Task AddRequestAsync(PumpRunRequest r, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO pump_run_requests (command_id, station_id, procedure, channel, speed, seconds_asked, grams_asked, user_name, requested_ms, speeds_asked)
            VALUES (@CommandId, @StationId, @Procedure, @Channel, @speed, @SecondsAsked, @GramsAsked, @User, @at, @speeds)
            """, new { r.CommandId, r.StationId, r.Procedure, r.Channel, speed = r.Speed ?? 0, r.SecondsAsked, r.GramsAsked, r.User, at = Ms(r.RequestedAt),
                speeds = r.Speeds is null ? null : string.Join(",", r.Speeds.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) },
            cancellationToken: ct));
    }

    private static IReadOnlyList<double>? ParseSpeeds(string? text) =>
        text is null ? null : text.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();

    /// <summary>True when this command's result is stored (its event is being re-delivered).</summary>
    public async Task<bool> HasResultAsync(string commandId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pump_run_results WHERE command_id = @commandId", new { commandId }, cancellationToken: ct)) > 0;
    }

    /// <summary>False when this command's result was stored already (a re-delivered event).</summary>
    public async Task<bool> AddResultAsync(PumpRunResult r, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        int n = await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO pump_run_results (command_id, station_id, status, seconds, grams, flow_g_per_s, message, finished_ms)
            VALUES (@CommandId, @StationId, @Status, @Seconds, @Grams, @FlowGramsPerS, @Message, @at)
            ON CONFLICT (command_id) DO NOTHING
            """, new { r.CommandId, r.StationId, r.Status, r.Seconds, r.Grams, r.FlowGramsPerS, r.Message, at = Ms(r.FinishedAt) },
            tx, cancellationToken: ct));
        if (n == 1 && r.Table is { Count: > 0 } table)
        {
            // The table with its result or neither: a reader never sees a completed calibration without its rows.
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO pump_calibration_points (command_id, point_index, speed, seconds, grams, flow_g_per_s)
                VALUES (@CommandId, @Index, @Speed, @Seconds, @Grams, @FlowGramsPerS)
                """, table.Select((p, i) => new { r.CommandId, Index = i, p.Speed, p.Seconds, p.Grams, p.FlowGramsPerS }), tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return n == 1;
    }

    public async Task<PumpRunRequest?> FindRequestAsync(string commandId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE q.command_id = @commandId", new { commandId }, cancellationToken: ct));
        return row is null ? null : new PumpRunRequest(row.CommandId, row.StationId, row.Procedure, (int)row.Channel, SpeedOf(row), row.SecondsAsked,
            row.GramsAsked, row.UserName, At(row.RequestedMs), ParseSpeeds(row.SpeedsAsked));
    }

    /// <summary>A table calibration's request row has speed 0 (its speeds are in speeds_asked).</summary>
    private static double? SpeedOf(Row r) => r.SpeedsAsked is null ? r.Speed : null;

    /// <summary>A station's runs, newest first.</summary>
    public async Task<IReadOnlyList<PumpRunView>> HistoryAsync(string stationId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = (await c.QueryAsync<Row>(new CommandDefinition(Select + " WHERE q.station_id = @stationId ORDER BY q.requested_ms DESC, q.id DESC LIMIT @limit",
            new { stationId, limit }, cancellationToken: ct))).ToList();
        var tables = await TablesAsync(c, rows.Where(r => r.Procedure == Protocol.Messages.CommandNames.CalibratePump).Select(r => r.CommandId).ToList(), ct);
        return rows.Select(r => View(r, tables)).ToList();
    }

    /// <summary>Per channel of the station, the calibration it doses with now: its latest completed one, newest first by channel.</summary>
    public async Task<IReadOnlyList<PumpChannelCalibration>> CurrentCalibrationsAsync(string stationId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = (await c.QueryAsync<Row>(new CommandDefinition(Select + """
             WHERE q.station_id = @stationId AND q.procedure = @procedure AND s.status = 'completed'
             ORDER BY q.requested_ms DESC, q.id DESC
            """, new { stationId, procedure = Protocol.Messages.CommandNames.CalibratePump }, cancellationToken: ct)))
            .GroupBy(r => r.Channel).Select(g => g.First()).OrderBy(r => r.Channel).ToList();
        var tables = await TablesAsync(c, rows.Select(r => r.CommandId).ToList(), ct);
        return rows.Select(r => View(r, tables)).Select(v => new PumpChannelCalibration(v.Channel, v.CommandId, v.User, v.RequestedAt, v.FinishedAt, v.Table)).ToList();
    }

    private static PumpRunView View(Row r, ILookup<string, PointRow> tables)
    {
        IReadOnlyList<PumpCalibrationPoint> table = tables[r.CommandId].OrderBy(p => p.PointIndex)
            .Select(p => new PumpCalibrationPoint(p.Speed, p.Seconds, p.Grams, p.FlowGPerS)).ToList();
        // A calibration stored before the table: its one flow at its one speed is a one-row table.
        if (table.Count == 0 && r.FlowGPerS is { } flow && r.Seconds is { } seconds && r.Grams is { } grams && r.SpeedsAsked is null)
            table = [new PumpCalibrationPoint(r.Speed, seconds, grams, flow)];
        return new PumpRunView(r.CommandId, r.StationId, r.Procedure, (int)r.Channel, SpeedOf(r), r.SecondsAsked, r.GramsAsked, r.UserName,
            At(r.RequestedMs), r.Status ?? PumpRunView.Running, r.Seconds, r.Grams, r.FlowGPerS, r.Message, r.FinishedMs is { } f ? At(f) : null,
            ParseSpeeds(r.SpeedsAsked), table);
    }

    private static async Task<ILookup<string, PointRow>> TablesAsync(DbConnection c, IReadOnlyList<string> commandIds, CancellationToken ct)
    {
        if (commandIds.Count == 0) return Array.Empty<PointRow>().ToLookup(p => p.CommandId);
        // The rows of these calibrations' station, filtered here: a list parameter is expanded by Dapper for SQLite but
        // sent as an array to PostgreSQL, where IN takes none; a station has a few rows per calibration.
        var points = await c.QueryAsync<PointRow>(new CommandDefinition("""
            SELECT p.command_id AS CommandId, p.point_index AS PointIndex, p.speed AS Speed, p.seconds AS Seconds, p.grams AS Grams, p.flow_g_per_s AS FlowGPerS
            FROM pump_calibration_points p JOIN pump_run_requests q ON q.command_id = p.command_id
            WHERE q.station_id = (SELECT station_id FROM pump_run_requests WHERE command_id = @first)
            """, new { first = commandIds[0] }, cancellationToken: ct));
        var wanted = commandIds.ToHashSet(StringComparer.Ordinal);
        return points.Where(p => wanted.Contains(p.CommandId)).ToLookup(p => p.CommandId);
    }

    private const string Select = """
        SELECT q.command_id AS CommandId, q.station_id AS StationId, q.procedure AS Procedure, q.channel AS Channel, q.speed AS Speed,
               q.seconds_asked AS SecondsAsked, q.grams_asked AS GramsAsked, q.user_name AS UserName, q.requested_ms AS RequestedMs,
               s.status AS Status, s.seconds AS Seconds, s.grams AS Grams, s.flow_g_per_s AS FlowGPerS, s.message AS Message, s.finished_ms AS FinishedMs,
               q.speeds_asked AS SpeedsAsked
        FROM pump_run_requests q LEFT JOIN pump_run_results s ON s.command_id = q.command_id
        """;

    /// <summary>Settable properties: Dapper converts SQLite's 64-bit and PostgreSQL's 32-bit integers alike.</summary>
    private sealed class Row
    {
        public string CommandId { get; set; } = "";
        public string StationId { get; set; } = "";
        public string Procedure { get; set; } = "";
        public long Channel { get; set; }
        public double Speed { get; set; }
        public double? SecondsAsked { get; set; }
        public double? GramsAsked { get; set; }
        public string UserName { get; set; } = "";
        public long RequestedMs { get; set; }
        public string? Status { get; set; }
        public double? Seconds { get; set; }
        public double? Grams { get; set; }
        public double? FlowGPerS { get; set; }
        public string? Message { get; set; }
        public long? FinishedMs { get; set; }
        public string? SpeedsAsked { get; set; }
    }

    private sealed class PointRow
    {
        public string CommandId { get; set; } = "";
        public long PointIndex { get; set; }
        public double Speed { get; set; }
        public double Seconds { get; set; }
        public double Grams { get; set; }
        public double FlowGPerS { get; set; }
    }
}
