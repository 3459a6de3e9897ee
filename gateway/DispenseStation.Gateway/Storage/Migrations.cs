namespace DispenseStation.Gateway.Storage;

/// <summary>One numbered schema change; its SQL is written once and expanded per dialect.</summary>
public sealed record Migration(int Version, string Name, Func<SqlDialect, string> Sql);

/// <summary>
/// The schema, as an ordered list of migrations. Append new ones with the next number; never edit
/// one that has shipped. Times are Unix milliseconds (UTC) in BIGINT columns, the same on both databases.
/// A telemetry value the station did not have (its NaN) is NULL: SQLite cannot store NaN.
/// </summary>
public static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "core tables", d => d.Expand("""
            CREATE TABLE stations (
                id TEXT PRIMARY KEY,
                firmware_version TEXT NULL,
                first_seen_ms BIGINT NOT NULL,
                last_seen_ms BIGINT NOT NULL);

            CREATE TABLE batches (
                id TEXT PRIMARY KEY,
                station_id TEXT NOT NULL REFERENCES stations(id),
                recipe_name TEXT NOT NULL,
                recipe_body TEXT NOT NULL,
                batch_grams {double} NOT NULL,
                operator TEXT NOT NULL,
                lots_json TEXT NOT NULL,
                state TEXT NOT NULL,
                state_reason TEXT NULL,
                created_ms BIGINT NOT NULL,
                started_ms BIGINT NULL,
                ended_ms BIGINT NULL);
            CREATE INDEX batches_station_created ON batches(station_id, created_ms);
            CREATE INDEX batches_created ON batches(created_ms);

            CREATE TABLE doses (
                id {pk},
                batch_id TEXT NOT NULL REFERENCES batches(id),
                seq INTEGER NOT NULL,
                channel INTEGER NOT NULL,
                material TEXT NOT NULL,
                target_g {double} NOT NULL,
                actual_g {double} NOT NULL,
                error_g {double} NOT NULL,
                duration_ms BIGINT NOT NULL,
                completed_ms BIGINT NOT NULL,
                UNIQUE (batch_id, seq));

            CREATE TABLE bake_trace (
                id {pk},
                batch_id TEXT NOT NULL REFERENCES batches(id),
                step INTEGER NOT NULL,
                at_ms BIGINT NOT NULL,
                setpoint_c {double} NOT NULL,
                plate_c {double} NOT NULL,
                heater_duty {double} NOT NULL);
            CREATE INDEX bake_trace_batch ON bake_trace(batch_id, at_ms);

            CREATE TABLE alarms (
                id {pk},
                station_id TEXT NOT NULL REFERENCES stations(id),
                batch_id TEXT NULL REFERENCES batches(id),
                code TEXT NOT NULL,
                severity TEXT NOT NULL,
                message TEXT NOT NULL,
                raised_ms BIGINT NOT NULL,
                cleared_ms BIGINT NULL);
            CREATE INDEX alarms_station ON alarms(station_id, raised_ms);

            CREATE TABLE telemetry (
                id {pk},
                station_id TEXT NOT NULL REFERENCES stations(id),
                at_ms BIGINT NOT NULL,
                scale_g {double} NULL,
                plate_c {double} NULL,
                setpoint_c {double} NULL,
                heater_duty {double} NULL);
            CREATE INDEX telemetry_station_at ON telemetry(station_id, at_ms);
            CREATE INDEX telemetry_at ON telemetry(at_ms);

            CREATE TABLE audit_log (
                id {pk},
                at_ms BIGINT NOT NULL,
                actor TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                action TEXT NOT NULL,
                details TEXT NOT NULL);
            CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
            """)),
        new(2, "audit log is append-only", d => d.AppendOnlyTriggers("audit_log")),
        new(3, "as-dispensed claim reports", d => d.Expand("""
            CREATE TABLE batch_claim_reports (
                batch_id TEXT PRIMARY KEY REFERENCES batches(id),
                claim_set TEXT NOT NULL,
                verdict TEXT NOT NULL,
                summary TEXT NOT NULL,
                report_json TEXT NOT NULL,
                computed_ms BIGINT NOT NULL);
            """)),
        new(4, "users, API tokens, signatures, audit by station and batch", d => d.Expand("""
            CREATE TABLE users (
                name TEXT PRIMARY KEY,
                password_hash TEXT NOT NULL,
                roles TEXT NOT NULL,
                disabled INTEGER NOT NULL,
                created_ms BIGINT NOT NULL);

            CREATE TABLE api_tokens (
                id {pk},
                user_name TEXT NOT NULL REFERENCES users(name),
                token_sha256 TEXT NOT NULL UNIQUE,
                label TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                expires_ms BIGINT NOT NULL,
                revoked_ms BIGINT NULL);
            CREATE INDEX api_tokens_user ON api_tokens(user_name);

            CREATE TABLE signatures (
                id {pk},
                batch_id TEXT NOT NULL REFERENCES batches(id),
                meaning TEXT NOT NULL,
                user_name TEXT NOT NULL,
                signed_ms BIGINT NOT NULL,
                content_sha256 TEXT NOT NULL,
                UNIQUE (batch_id, meaning));

            ALTER TABLE audit_log ADD COLUMN station_id TEXT NULL;
            ALTER TABLE audit_log ADD COLUMN batch_id TEXT NULL;
            CREATE INDEX audit_log_at ON audit_log(at_ms);
            """) + d.AppendOnlyTriggers("signatures")),
        new(5, "bake jobs, wafers, profiles", BakeJobs.BakeJobSchema.Sql),
        new(6, "telemetry history tiers (1 min, 1 h)", History.TelemetryHistorySchema.Sql),
        new(7, "alarm responses (acknowledge, shelve)", Alarms.AlarmResponseSchema.Sql),
        new(8, "bake jobs keep the PID gains they ran with", d => d.Expand("""
            ALTER TABLE bake_jobs ADD COLUMN gains_kp {double} NULL;
            ALTER TABLE bake_jobs ADD COLUMN gains_ti {double} NULL;
            ALTER TABLE bake_jobs ADD COLUMN gains_td {double} NULL;
            """)),
        new(9, "pump primes and calibrations", PumpMaintenance.PumpRunSchema.Sql),
        new(10, "recipe versions, the version each batch ran, bake-profile notes", Editor.EditorSchema.Sql),
        new(11, "scale checks with a test weight; calibration snapshot per batch", Maintenance.MaintenanceSchema.Sql),
        new(12, "pump calibration tables (g/s per speed)", PumpMaintenance.PumpCalibrationSchema.Sql),
        new(13, "station orchestration leases (several gateway instances)", Fleet.FleetSchema.Sql),
        new(14, "bake wafers keep their withdrawn wafer-downs (count, times, reasons)", BakeJobs.BakeJobSchema.WithdrawalsSql),
        new(15, "last station event recorded by the lease owner (replay on takeover)", Fleet.FleetSchema.HandledSql),
    ];
}
