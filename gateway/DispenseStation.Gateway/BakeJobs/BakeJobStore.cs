using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>Bake profiles, jobs, wafer records and traces in the gateway's database (SQLite or PostgreSQL), via Dapper.</summary>
public sealed class BakeJobStore(StorageSetup storage)
{
    private Task<DbConnection> OpenAsync(CancellationToken ct) => storage.OpenAsync(ct);

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>False when the profile already has that version: stored versions never change (the table is append-only).</summary>
    public async Task<bool> AddProfileAsync(string name, int version, string yaml, string author, DateTimeOffset at, CancellationToken ct, string? note = null)
    {
        await using var c = await OpenAsync(ct);
        int n = await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO bake_profiles (name, version, yaml, author, created_ms, note, content_sha256) VALUES (@name, @version, @yaml, @author, @t, @note, @sha)
            ON CONFLICT (name, version) DO NOTHING
            """, new { name, version, yaml, author, t = Ms(at), note, sha = Editor.ContentHash.Of(yaml) }, cancellationToken: ct));
        return n == 1;
    }

    /// <summary>Settable properties: Dapper converts SQLite's 64-bit and PostgreSQL's 32-bit integers alike.</summary>
    public sealed class ProfileRow
    {
        public string Name { get; set; } = "";
        public int Version { get; set; }
        public string Yaml { get; set; } = "";
        public string Author { get; set; } = "";
        public long CreatedMs { get; set; }
        /// <summary>Why this version was saved; null for versions stored before migration 10.</summary>
        public string? Note { get; set; }
        /// <summary>SHA-256 of <see cref="Yaml"/>; versions stored before migration 10 have none stored, so it is worked out.</summary>
        public string? Sha256 { get => _sha ?? Editor.ContentHash.Of(Yaml); set => _sha = value; }
        private string? _sha;
    }

    public async Task<IReadOnlyList<ProfileRow>> ListProfilesAsync(string? name, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryAsync<ProfileRow>(new CommandDefinition(
            "SELECT name, version, yaml, author, created_ms AS CreatedMs, note, content_sha256 AS Sha256 FROM bake_profiles WHERE @name IS NULL OR name = @name ORDER BY name, version",
            new { name }, cancellationToken: ct))).ToList();
    }

    public async Task CreateJobAsync(BakeJobRecord j, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO bake_jobs (id, station_id, profile_name, profile_version, wafers, resist_batch_id, operator, state, state_reason, created_ms, ended_ms,
                gains_kp, gains_ti, gains_td)
            VALUES (@Id, @StationId, @ProfileName, @ProfileVersion, @Wafers, @ResistBatchId, @Operator, @State, @StateReason, @created, NULL, @kp, @ti, @td)
            """, new { j.Id, j.StationId, j.ProfileName, j.ProfileVersion, j.Wafers, j.ResistBatchId, j.Operator, j.State, j.StateReason, created = Ms(j.CreatedAt),
                kp = j.Gains?.Kp, ti = j.Gains?.Ti, td = j.Gains?.Td },
            cancellationToken: ct));
    }

    public async Task EndJobAsync(string id, string state, string? reason, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE bake_jobs SET state = @state, state_reason = @reason, ended_ms = @t WHERE id = @id AND state = 'Running'",
            new { id, state, reason, t = Ms(at) }, cancellationToken: ct));
    }

    private sealed class JobRow
    {
        public string Id { get; set; } = "";
        public string StationId { get; set; } = "";
        public string ProfileName { get; set; } = "";
        public int ProfileVersion { get; set; }
        public int Wafers { get; set; }
        public string? ResistBatchId { get; set; }
        public string Operator { get; set; } = "";
        public string State { get; set; } = "";
        public string? StateReason { get; set; }
        public long CreatedMs { get; set; }
        public long? EndedMs { get; set; }
        public double? GainsKp { get; set; }
        public double? GainsTi { get; set; }
        public double? GainsTd { get; set; }

        public BakeJobRecord ToRecord() => new(Id, StationId, ProfileName, ProfileVersion, Wafers, ResistBatchId, Operator, State, StateReason,
            At(CreatedMs), EndedMs is { } e ? At(e) : null,
            GainsKp is { } kp && GainsTi is { } ti && GainsTd is { } td ? new GainsUsed(kp, ti, td) : null);
    }

    private const string JobColumns = "id, station_id AS StationId, profile_name AS ProfileName, profile_version AS ProfileVersion, wafers, " +
        "resist_batch_id AS ResistBatchId, operator, state, state_reason AS StateReason, created_ms AS CreatedMs, ended_ms AS EndedMs, " +
        "gains_kp AS GainsKp, gains_ti AS GainsTi, gains_td AS GainsTd";

    public async Task<BakeJobRecord?> GetJobAsync(string id, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition($"SELECT {JobColumns} FROM bake_jobs WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<BakeJobRecord>> ListJobsAsync(int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryAsync<JobRow>(new CommandDefinition($"SELECT {JobColumns} FROM bake_jobs ORDER BY created_ms DESC LIMIT @limit",
            new { limit }, cancellationToken: ct))).Select(r => r.ToRecord()).ToList();
    }

    public async Task AddWaferAsync(WaferRecord w, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO bake_wafers (job_id, wafer, profile_version, down_ms, down_t_s, down_source, detect_lag_s, planned_s, time_on_plate_s, removal,
                dip_c, recover_s, dose_cs, ideal_dose_cs, passed, failures, withdrawals, withdrawals_json)
            VALUES (@JobId, @Wafer, @ProfileVersion, @down, @DownTimeS, @DownSource, @DetectLagS, @PlannedS, @TimeOnPlateS, @Removal,
                @DipC, @RecoverS, @DoseCs, @IdealDoseCs, @passed, @Failures, @withdrawals, @withdrawalsJson)
            ON CONFLICT (job_id, wafer) DO NOTHING
            """, new
        {
            w.JobId, w.Wafer, w.ProfileVersion, down = Ms(w.DownAt), w.DownTimeS, w.DownSource, w.DetectLagS, w.PlannedS, w.TimeOnPlateS, w.Removal,
            w.DipC, w.RecoverS, w.DoseCs, w.IdealDoseCs, passed = w.Passed ? 1 : 0, w.Failures,
            withdrawals = w.Withdrawals.Count, withdrawalsJson = WithdrawalsJson.Write(w.Withdrawals),
        }, cancellationToken: ct));
    }

    private sealed class WaferRow
    {
        public string JobId { get; set; } = "";
        public int Wafer { get; set; }
        public int ProfileVersion { get; set; }
        public long DownMs { get; set; }
        public double DownTimeS { get; set; }
        public string DownSource { get; set; } = "";
        public double DetectLagS { get; set; }
        public double PlannedS { get; set; }
        public double TimeOnPlateS { get; set; }
        public string Removal { get; set; } = "";
        public double? DipC { get; set; }
        public double? RecoverS { get; set; }
        public double? DoseCs { get; set; }
        public double? IdealDoseCs { get; set; }
        public long Passed { get; set; }
        public string Failures { get; set; } = "";
        public long Withdrawals { get; set; }
        public string WithdrawalsJson { get; set; } = "[]";
    }

    public async Task<IReadOnlyList<WaferRecord>> GetWafersAsync(string jobId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<WaferRow>(new CommandDefinition("""
            SELECT job_id AS JobId, wafer, profile_version AS ProfileVersion, down_ms AS DownMs, down_t_s AS DownTimeS, down_source AS DownSource, detect_lag_s AS DetectLagS,
                planned_s AS PlannedS, time_on_plate_s AS TimeOnPlateS, removal, dip_c AS DipC, recover_s AS RecoverS, dose_cs AS DoseCs,
                ideal_dose_cs AS IdealDoseCs, passed, failures, withdrawals, withdrawals_json AS WithdrawalsJson
            FROM bake_wafers WHERE job_id = @jobId ORDER BY wafer
            """, new { jobId }, cancellationToken: ct));
        return rows.Select(r => new WaferRecord(r.JobId, r.Wafer, r.ProfileVersion, At(r.DownMs), r.DownTimeS, r.DownSource, r.DetectLagS, r.PlannedS, r.TimeOnPlateS,
            r.Removal, r.DipC, r.RecoverS, r.DoseCs, r.IdealDoseCs, r.Passed != 0, r.Failures)
        {
            Withdrawals = WithdrawalsJson.Read(r.WithdrawalsJson, (int)r.Withdrawals),
        }).ToList();
    }

    public async Task AddTraceAsync(string jobId, IReadOnlyList<BakeTracePoint> points, CancellationToken ct)
    {
        if (points.Count == 0) return;
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var p in points)
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO bake_job_trace (job_id, at_ms, t_s, plate_c, setpoint_c, heater_duty) VALUES (@jobId, @t, @ts, @plate, @sp, @duty)",
                new { jobId, t = Ms(p.At), ts = p.TimeS, plate = p.PlateC, sp = p.SetpointC, duty = p.HeaterDuty }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<BakeTracePoint>> GetTraceAsync(string jobId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<TraceRow>(new CommandDefinition(
            "SELECT at_ms AS AtMs, t_s AS TimeS, plate_c AS PlateC, setpoint_c AS SetpointC, heater_duty AS HeaterDuty FROM bake_job_trace WHERE job_id = @jobId ORDER BY t_s",
            new { jobId }, cancellationToken: ct));
        return rows.Select(r => new BakeTracePoint(At(r.AtMs), r.TimeS, r.PlateC, r.SetpointC, r.HeaterDuty)).ToList();
    }

    private sealed class TraceRow
    {
        public long AtMs { get; set; }
        public double TimeS { get; set; }
        public double PlateC { get; set; }
        public double? SetpointC { get; set; }
        public double? HeaterDuty { get; set; }
    }
}

/// <summary>The withdrawals column's JSON (times as Unix ms, as every stored time).</summary>
internal static class WithdrawalsJson
{
    private sealed record Row(long AtMs, double? TimeS, double? DownTimeS, string? Reason);

    private static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static string Write(IReadOnlyList<WaferWithdrawal> list) =>
        System.Text.Json.JsonSerializer.Serialize(list.Select(w => new Row(w.At.ToUnixTimeMilliseconds(), w.TimeS, w.DownTimeS, w.Reason)), Options);

    /// <summary>The list; the count column must agree with it (a row edited by hand shows as an error, not as a silent mismatch).</summary>
    public static IReadOnlyList<WaferWithdrawal> Read(string json, int count)
    {
        var rows = System.Text.Json.JsonSerializer.Deserialize<List<Row>>(json, Options) ?? [];
        if (rows.Count != count) throw new InvalidOperationException($"bake_wafers.withdrawals is {count} but withdrawals_json lists {rows.Count}");
        return rows.Select(r => new WaferWithdrawal(DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), r.TimeS, r.DownTimeS, r.Reason)).ToList();
    }
}
