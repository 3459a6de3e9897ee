using DispenseStation.Gateway.Registry;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Maintenance;

/// <summary>Takes the calibration snapshot a batch record keeps from its start (see <see cref="BatchCalibration"/>).</summary>
public sealed class CalibrationSnapshots(ScaleCheckStore store, IOptions<MaintenanceOptions> options, ILogger<CalibrationSnapshots> log)
{
    public async Task<BatchCalibration> TakeAsync(StationSnapshot station, DateTimeOffset now, CancellationToken ct)
    {
        var c = station.Calibration;
        ScaleCheckSummary? last = null;
        string? note = null;
        try
        {
            if (await store.LatestAsync(station.Id, ct) is { } check) last = ScaleCheckSummary.Of(check);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            // The batch still starts (its record may be spooled): the record says the check could not be read.
            log.LogWarning("Scale checks of {Station} could not be read for batch start: {Error}", station.Id, e.Message);
            note = "scale checks could not be read at batch start: " + e.Message;
        }
        var o = options.Value;
        return new BatchCalibration(now, c is not null, c?.ScaleCalibrated ?? false, c?.ScaleCalibratedAt, c?.ScaleReferenceGrams,
            c?.RtdCalibrated ?? false, c?.RtdCalibratedAt, last, o.ScaleCheckMaxAgeDays, o.CalibrationMaxAgeDays, note);
    }
}

/// <summary>A batch's calibration block as the API serves it: what was recorded at batch start and what it flags.</summary>
public sealed record CalibrationView(BatchCalibration Recorded, IReadOnlyList<CalibrationFlag> Flags)
{
    public static CalibrationView? Of(BatchCalibration? c) => c is null ? null : new(c, c.Flags());
}
