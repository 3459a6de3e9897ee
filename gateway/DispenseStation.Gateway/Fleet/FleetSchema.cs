using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// Migration 13: one lease row per station. epoch grows by one on every change of owner, so a write made under an
/// older epoch (an owner that was paused and came back) can be recognised and refused. Times are the database's clock.
/// </summary>
public static class FleetSchema
{
    public static string Sql(SqlDialect d) => d.Expand("""
        CREATE TABLE station_leases (
            station_id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            epoch BIGINT NOT NULL,
            acquired_ms BIGINT NOT NULL,
            expires_ms BIGINT NOT NULL);
        """);

    /// <summary>Migration 14: the last station event the owner recorded (its seq and the station's uptime), written only
    /// under the owner's epoch, so a takeover replays what follows it and a deposed owner's late write is refused.
    /// -1: nothing recorded in the station's current session.</summary>
    public static string HandledSql(SqlDialect d) => d.Expand("""
        ALTER TABLE station_leases ADD COLUMN handled_seq BIGINT NOT NULL DEFAULT -1;
        ALTER TABLE station_leases ADD COLUMN handled_uptime_ms BIGINT NOT NULL DEFAULT -1;
        """);
}
