using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>
/// Migration 9: pump primes and calibrations, append-only in two tables joined by the command id: who asked for what
/// (written when the station accepted the command) and what the station measured (written when its pump-run event
/// arrives). Neither row is ever changed, so a run's record cannot be edited after the fact.
/// </summary>
public static class PumpRunSchema
{
    public static string Sql(SqlDialect d) => d.Expand("""
        CREATE TABLE pump_run_requests (
            id {pk},
            command_id TEXT NOT NULL UNIQUE,
            station_id TEXT NOT NULL,
            procedure TEXT NOT NULL,
            channel INTEGER NOT NULL,
            speed {double} NOT NULL,
            seconds_asked {double} NULL,
            grams_asked {double} NULL,
            user_name TEXT NOT NULL,
            requested_ms BIGINT NOT NULL);
        CREATE INDEX pump_run_requests_station ON pump_run_requests(station_id, requested_ms);

        CREATE TABLE pump_run_results (
            id {pk},
            command_id TEXT NOT NULL UNIQUE,
            station_id TEXT NOT NULL,
            status TEXT NOT NULL,
            seconds {double} NOT NULL,
            grams {double} NOT NULL,
            flow_g_per_s {double} NULL,
            message TEXT NULL,
            finished_ms BIGINT NOT NULL);
        """) + d.AppendOnlyTriggers("pump_run_requests") + d.AppendOnlyTriggers("pump_run_results");
}
