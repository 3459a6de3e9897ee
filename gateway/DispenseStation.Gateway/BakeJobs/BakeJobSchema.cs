using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>
/// Migration 4: bake profiles (immutable versions, YAML text kept), bake jobs, one row per baked wafer with the
/// profile version it was baked with, and the plate trace of each job. Times are Unix ms, as everywhere; t_s columns are
/// station seconds since the job started (the station's clock: right at any simulation speed, and what the trace is drawn against).
/// </summary>
public static class BakeJobSchema
{
    public static string Sql(SqlDialect d) => d.Expand("""
        CREATE TABLE bake_profiles (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            yaml TEXT NOT NULL,
            author TEXT NOT NULL,
            created_ms BIGINT NOT NULL,
            PRIMARY KEY (name, version));

        CREATE TABLE bake_jobs (
            id TEXT PRIMARY KEY,
            station_id TEXT NOT NULL REFERENCES stations(id),
            profile_name TEXT NOT NULL,
            profile_version INTEGER NOT NULL,
            wafers INTEGER NOT NULL,
            resist_batch_id TEXT NULL,
            operator TEXT NOT NULL,
            state TEXT NOT NULL,
            state_reason TEXT NULL,
            created_ms BIGINT NOT NULL,
            ended_ms BIGINT NULL,
            FOREIGN KEY (profile_name, profile_version) REFERENCES bake_profiles(name, version));
        CREATE INDEX bake_jobs_created ON bake_jobs(created_ms);

        CREATE TABLE bake_wafers (
            job_id TEXT NOT NULL REFERENCES bake_jobs(id),
            wafer INTEGER NOT NULL,
            profile_version INTEGER NOT NULL,
            down_ms BIGINT NOT NULL,
            down_t_s {double} NOT NULL,
            down_source TEXT NOT NULL,
            detect_lag_s {double} NOT NULL,
            planned_s {double} NOT NULL,
            time_on_plate_s {double} NOT NULL,
            removal TEXT NOT NULL,
            dip_c {double} NULL,
            recover_s {double} NULL,
            dose_cs {double} NULL,
            ideal_dose_cs {double} NULL,
            passed INTEGER NOT NULL,
            failures TEXT NOT NULL,
            PRIMARY KEY (job_id, wafer));

        CREATE TABLE bake_job_trace (
            id {pk},
            job_id TEXT NOT NULL REFERENCES bake_jobs(id),
            at_ms BIGINT NOT NULL,
            t_s {double} NOT NULL,
            plate_c {double} NOT NULL,
            setpoint_c {double} NULL,
            heater_duty {double} NULL);
        CREATE INDEX bake_job_trace_job ON bake_job_trace(job_id, at_ms);
        """);

    /// <summary>Migration "bake wafers keep their withdrawn wafer-downs": how many the station withdrew before the wafer-down
    /// that stands, and each one (JSON list of WaferWithdrawal: gateway time, station seconds of the withdrawal and of
    /// the landing it had estimated, reason). Wafers stored before it had none recorded: 0 and [].</summary>
    public static string WithdrawalsSql(SqlDialect d) => d.Expand("""
        ALTER TABLE bake_wafers ADD COLUMN withdrawals INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE bake_wafers ADD COLUMN withdrawals_json TEXT NOT NULL DEFAULT '[]';
        """);
}
