using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Maintenance;

/// <summary>
/// Migration 11: scale checks with a test weight, one append-only row per check (who recorded the empty scale and who the
/// weight, the readings, the error, the tolerance it was judged against and the result), and the calibration snapshot a
/// batch record keeps from its start (a JSON column of the batch: written with the record, spooled with it).
/// </summary>
public static class MaintenanceSchema
{
    public static string Sql(SqlDialect d) => d.Expand("""
        CREATE TABLE scale_checks (
            id {pk},
            station_id TEXT NOT NULL REFERENCES stations(id),
            checked_ms BIGINT NOT NULL,
            checked_by TEXT NOT NULL,
            zero_ms BIGINT NOT NULL,
            zero_by TEXT NOT NULL,
            nominal_g {double} NOT NULL,
            certificate TEXT NOT NULL,
            zero_g {double} NOT NULL,
            loaded_g {double} NOT NULL,
            reading_g {double} NOT NULL,
            error_g {double} NOT NULL,
            tolerance_g {double} NOT NULL,
            passed INTEGER NOT NULL,
            firmware TEXT NULL);
        CREATE INDEX scale_checks_station ON scale_checks(station_id, checked_ms);

        ALTER TABLE batches ADD COLUMN calibration_json TEXT NULL;
        """) + d.AppendOnlyTriggers("scale_checks");
}
