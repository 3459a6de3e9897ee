using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Signatures;

/// <summary>
/// The content hash a signature is bound to: SHA-256 over a canonical text of the stored batch record (batch fields,
/// lots sorted by material, the calibration block kept at batch start, every dose, every alarm, every bake-trace point), numbers in invariant round-trip form and
/// times in Unix milliseconds. Any change to any of these after signing changes the hash and breaks the signature.
/// </summary>
public static class RecordHash
{
    public static async Task<string?> OfAsync(IGatewayRepository repo, string batchId, CancellationToken ct)
    {
        var b = await repo.GetBatchAsync(batchId, ct);
        if (b is null) return null;
        var doses = await repo.GetDosesAsync(batchId, ct);
        var alarms = await repo.ListAlarmsAsync(null, batchId, activeOnly: false, ct);
        var trace = await repo.GetBakeTraceAsync(batchId, ct);
        return Compute(b, doses, alarms, trace);
    }

    public static string Compute(BatchRecord b, IReadOnlyList<DoseRecord> doses, IReadOnlyList<AlarmRecord> alarms, IReadOnlyList<BakeTracePoint> trace)
    {
        var s = new StringBuilder();
        void Field(string name, object? value) => s.Append(name).Append('=').Append(Text(value)).Append('\n');
        Field("batch", b.Id); Field("station", b.StationId); Field("recipe", b.RecipeName); Field("recipeBody", b.RecipeBody);
        Field("batchGrams", b.BatchGrams); Field("operator", b.Operator); Field("state", b.State.ToString()); Field("stateReason", b.StateReason);
        Field("created", b.CreatedAt); Field("started", b.StartedAt); Field("ended", b.EndedAt);
        foreach (var (material, lot) in b.Lots.OrderBy(l => l.Key, StringComparer.Ordinal)) Field("lot:" + material, lot);
        // Records from before migration 8 have no calibration block: their hash is what it was.
        if (b.Calibration is { } calibration) Field("calibration", Maintenance.BatchCalibration.ToJson(calibration));
        foreach (var d in doses.OrderBy(d => d.Sequence))
            Field("dose:" + d.Sequence, string.Join('|', Text(d.Channel), d.Material, Text(d.TargetGrams), Text(d.ActualGrams), Text(d.Duration.Ticks), Text(d.CompletedAt)));
        foreach (var a in alarms.OrderBy(a => a.Id))
            Field("alarm:" + a.Id, string.Join('|', a.Code, a.Severity, a.Message, Text(a.RaisedAt), Text(a.ClearedAt)));
        foreach (var p in trace)
            Field("bake", string.Join('|', Text(p.Step), Text(p.At), Text(p.SetpointC), Text(p.PlateC), Text(p.HeaterDuty)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s.ToString())));
    }

    // Values are escaped so that no field's text can imitate a field separator.
    private static string Text(object? v) => v switch
    {
        null => "~",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString()!.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("|", "\\|"),
    };
}
