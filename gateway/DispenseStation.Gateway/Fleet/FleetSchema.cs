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
}
