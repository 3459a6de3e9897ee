using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>Pump run requests and results in the gateway's database (SQLite or PostgreSQL), via Dapper; rows are only ever added.</summary>
public sealed class PumpRunStore(StorageSetup storage)
{
    private Task<DbConnection> OpenAsync(CancellationToken ct) => storage.OpenAsync(ct);

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public async Task AddRequestAsync(PumpRunRequest r, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO pump_run_requests (command_id, station_id, procedure, channel, speed, seconds_asked, grams_asked, user_name, requested_ms)
            VALUES (@CommandId, @StationId, @Procedure, @Channel, @Speed, @SecondsAsked, @GramsAsked, @User, @at)
            """, new { r.CommandId, r.StationId, r.Procedure, r.Channel, r.Speed, r.SecondsAsked, r.GramsAsked, r.User, at = Ms(r.RequestedAt) },
            cancellationToken: ct));
    }

    /// <summary>False when this command's result was stored already (a re-delivered event).</summary>
    public async Task<bool> AddResultAsync(PumpRunResult r, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        int n = await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO pump_run_results (command_id, station_id, status, seconds, grams, flow_g_per_s, message, finished_ms)
            VALUES (@CommandId, @StationId, @Status, @Seconds, @Grams, @FlowGramsPerS, @Message, @at)
            ON CONFLICT (command_id) DO NOTHING
            """, new { r.CommandId, r.StationId, r.Status, r.Seconds, r.Grams, r.FlowGramsPerS, r.Message, at = Ms(r.FinishedAt) },
            cancellationToken: ct));
        return n == 1;
    }

    public async Task<PumpRunRequest?> FindRequestAsync(string commandId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE q.command_id = @commandId", new { commandId }, cancellationToken: ct));
        return row is null ? null : new PumpRunRequest(row.CommandId, row.StationId, row.Procedure, (int)row.Channel, row.Speed, row.SecondsAsked,
            row.GramsAsked, row.UserName, At(row.RequestedMs));
    }

    /// <summary>A station's runs, newest first.</summary>
    public async Task<IReadOnlyList<PumpRunView>> HistoryAsync(string stationId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(Select + " WHERE q.station_id = @stationId ORDER BY q.requested_ms DESC, q.id DESC LIMIT @limit",
            new { stationId, limit }, cancellationToken: ct));
        return rows.Select(r => new PumpRunView(r.CommandId, r.StationId, r.Procedure, (int)r.Channel, r.Speed, r.SecondsAsked, r.GramsAsked, r.UserName,
            At(r.RequestedMs), r.Status ?? PumpRunView.Running, r.Seconds, r.Grams, r.FlowGPerS, r.Message, r.FinishedMs is { } f ? At(f) : null)).ToList();
    }

    private const string Select = """
        SELECT q.command_id AS CommandId, q.station_id AS StationId, q.procedure AS Procedure, q.channel AS Channel, q.speed AS Speed,
               q.seconds_asked AS SecondsAsked, q.grams_asked AS GramsAsked, q.user_name AS UserName, q.requested_ms AS RequestedMs,
               s.status AS Status, s.seconds AS Seconds, s.grams AS Grams, s.flow_g_per_s AS FlowGPerS, s.message AS Message, s.finished_ms AS FinishedMs
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
    }
}
