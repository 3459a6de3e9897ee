using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>
/// Migration 12: a calibration measures a table of g/s per speed. The speeds asked for go with the request (text,
/// comma-separated, invariant culture; null for a prime, whose one speed stays in <c>speed</c>, and for calibrations
/// stored before the table); the measured rows go in their own append-only table, one per speed, joined by command id.
/// A calibration's request row has <c>speed</c> 0 (the column is NOT NULL; no pump runs at 0).
/// </summary>
public static class PumpCalibrationSchema
{
    public static string Sql(SqlDialect d) => d.Expand("""
        ALTER TABLE pump_run_requests ADD COLUMN speeds_asked TEXT NULL;

        CREATE TABLE pump_calibration_points (
            id {pk},
            command_id TEXT NOT NULL,
            point_index INTEGER NOT NULL,
            speed {double} NOT NULL,
            seconds {double} NOT NULL,
            grams {double} NOT NULL,
            flow_g_per_s {double} NOT NULL,
            UNIQUE (command_id, point_index));
        """) + d.AppendOnlyTriggers("pump_calibration_points");
}
