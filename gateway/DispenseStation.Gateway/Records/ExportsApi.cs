using DispenseStation.Gateway.Api;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Records;

/// <summary>
/// CSV exports, written row by row to the response as they are read (a large export never sits in memory whole):
/// GET /api/export/batches.csv, /api/export/doses.csv, /api/export/trace.csv?batch=ID, /api/export/audit.csv (audit filters).
/// Times are UTC (ISO 8601 with Z); doses carry target, tolerance-free error and actual.
/// </summary>
public static class ExportsApi
{
    public const int MaxBatches = 100_000;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/export/batches.csv", async (string? station, HttpContext http, IGatewayRepository repo, CancellationToken ct) =>
        {
            var w = await StartAsync(http, "batches.csv", "batch_id,station,recipe,batch_grams,operator,state,state_reason,created_utc,started_utc,ended_utc,lots,"
                + CalibrationColumns);
            foreach (var b in await repo.ListBatchesAsync(station, MaxBatches, ct))
                await w.WriteAsync(Csv.Row([Csv.Text(b.Id), Csv.Text(b.StationId), Csv.Text(b.RecipeName), Csv.Number(b.BatchGrams), Csv.Text(b.Operator),
                    b.State.ToString(), Csv.Text(b.StateReason), Csv.Time(b.CreatedAt), Csv.Time(b.StartedAt), Csv.Time(b.EndedAt),
                    Csv.Text(string.Join("; ", b.Lots.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
                    .. CalibrationFields(b.Calibration)]));
            await w.FlushAsync(ct);
        });

        api.MapGet("/export/doses.csv", async (string? batch, string? station, HttpContext http, IGatewayRepository repo, CancellationToken ct) =>
        {
            var batches = batch is not null
                ? [await repo.GetBatchAsync(batch, ct) ?? throw RequestRejectedException.NotFound("batch", $"no batch '{batch}'")]
                : await repo.ListBatchesAsync(station, MaxBatches, ct);
            var w = await StartAsync(http, "doses.csv", "batch_id,station,seq,channel,material,lot,target_g,actual_g,error_g,duration_s,completed_utc");
            foreach (var b in batches)
            {
                foreach (var d in await repo.GetDosesAsync(b.Id, ct))
                    await w.WriteAsync(Csv.Row(Csv.Text(b.Id), Csv.Text(b.StationId), d.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        d.Channel.ToString(System.Globalization.CultureInfo.InvariantCulture), Csv.Text(d.Material), Csv.Text(b.Lots.GetValueOrDefault(d.Material)),
                        Csv.Number(d.TargetGrams), Csv.Number(d.ActualGrams), Csv.Number(d.ErrorGrams), Csv.Number(d.Duration.TotalSeconds), Csv.Time(d.CompletedAt)));
                await w.FlushAsync(ct);
            }
        });

        api.MapGet("/export/trace.csv", async (string? batch, HttpContext http, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(batch)) throw RequestRejectedException.BadRequest("batch", "required: the batch whose traces to export");
            var b = await repo.GetBatchAsync(batch, ct) ?? throw RequestRejectedException.NotFound("batch", $"no batch '{batch}'");
            var w = await StartAsync(http, $"trace-{b.Id}.csv", "batch_id,source,step,at_utc,scale_g,setpoint_c,plate_c,heater_duty");
            foreach (var p in await repo.GetBakeTraceAsync(b.Id, ct))
                await w.WriteAsync(Csv.Row(Csv.Text(b.Id), "bake", p.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), Csv.Time(p.At), "",
                    Csv.Number(p.SetpointC), Csv.Number(p.PlateC), Csv.Number(p.HeaterDuty)));
            foreach (var t in await repo.GetTelemetryAsync(b.StationId, b.StartedAt ?? b.CreatedAt, b.EndedAt ?? time.GetUtcNow(), ct))
                await w.WriteAsync(Csv.Row(Csv.Text(b.Id), "telemetry", "", Csv.Time(t.At), Csv.Number(t.ScaleGrams), Csv.Number(t.SetpointC), Csv.Number(t.PlateC), Csv.Number(t.HeaterDuty)));
            await w.FlushAsync(ct);
        });

        api.MapGet("/export/audit.csv", async (string? entity, string? entityId, string? actor, string? action, string? station, string? batch,
            string? from, string? to, int? limit, HttpContext http, AuditTrail audit, CancellationToken ct) =>
        {
            var filter = AuditApi.Filter(entity, entityId, actor, action, station, batch, from, to, limit ?? AuditApi.MaxLimit);
            var rows = await audit.QueryAsync(filter, ct);
            var w = await StartAsync(http, "audit.csv", "id,at_utc,actor,entity,entity_id,action,station,batch,details");
            foreach (var a in rows)
                await w.WriteAsync(Csv.Row(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Csv.Time(a.At), Csv.Text(a.Actor), Csv.Text(a.Entity),
                    Csv.Text(a.EntityId), Csv.Text(a.Action), Csv.Text(a.StationId), Csv.Text(a.BatchId), Csv.Text(a.Details)));
            await w.FlushAsync(ct);
        });
    }

    /// <summary>The calibration block of a batch (issue 17 part 5): empty for records from before it was kept; a status
    /// the station did not report is "unknown".</summary>
    public const string CalibrationColumns =
        "scale_calibrated,scale_calibrated_utc,scale_reference_g,rtd_calibrated,rtd_calibrated_utc,scale_check_utc,scale_check_result,scale_check_by,calibration_flags";

    public static string[] CalibrationFields(Maintenance.BatchCalibration? c)
    {
        if (c is null) return ["", "", "", "", "", "", "", "", ""];
        string Status(bool calibrated) => !c.Reported ? "unknown" : calibrated ? "yes" : "no";
        var check = c.LastScaleCheck;
        return [Status(c.ScaleCalibrated), Csv.Time(c.ScaleCalibratedAt), Csv.Number(c.ScaleReferenceGrams), Status(c.RtdCalibrated), Csv.Time(c.RtdCalibratedAt),
            Csv.Time(check?.At), check is null ? "" : check.Passed ? "pass" : "fail", Csv.Text(check?.By),
            Csv.Text(string.Join("; ", c.Flags().Select(f => f.Code)))];
    }

    /// <summary>Headers first (validation already passed, so nothing below can turn into an error body), then the CSV header row.</summary>
    private static async Task<StreamWriter> StartAsync(HttpContext http, string fileName, string header)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        var w = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), 16 * 1024) { AutoFlush = false };
        http.Response.RegisterForDisposeAsync(w);
        await w.WriteAsync(header + "\r\n");
        return w;
    }
}
