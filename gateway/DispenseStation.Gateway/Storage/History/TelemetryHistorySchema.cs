namespace DispenseStation.Gateway.Storage.History;

/// <summary>
/// Migration 6: the long-term telemetry tiers. Each row averages the stored 1 s telemetry (or the next finer tier) over
/// one bucket of <c>resolution_ms</c> (60 000 or 3 600 000), stamped at the bucket's start (Unix ms, UTC, as everywhere);
/// <c>samples</c> counts the 1 s rows behind it and each <c>*_n</c> the rows that had that value (a station without a
/// scale reading sends none), so a coarser tier weights each average by the rows behind it and equals the average of the 1 s rows. The plate's minimum and maximum
/// are kept because a dip or an overshoot is what an average of a minute would hide.
/// </summary>
public static class TelemetryHistorySchema
{
    public static string Sql(SqlDialect d) => d.Expand("""
        CREATE TABLE telemetry_rollup (
            station_id TEXT NOT NULL REFERENCES stations(id),
            resolution_ms BIGINT NOT NULL,
            at_ms BIGINT NOT NULL,
            samples BIGINT NOT NULL,
            scale_g {double} NULL,
            plate_c {double} NULL,
            plate_min_c {double} NULL,
            plate_max_c {double} NULL,
            setpoint_c {double} NULL,
            heater_duty {double} NULL,
            scale_n BIGINT NOT NULL,
            plate_n BIGINT NOT NULL,
            setpoint_n BIGINT NOT NULL,
            duty_n BIGINT NOT NULL,
            PRIMARY KEY (station_id, resolution_ms, at_ms));
        CREATE INDEX telemetry_rollup_at ON telemetry_rollup(resolution_ms, at_ms);
        """);
}
