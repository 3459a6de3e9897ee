using System.Collections.Concurrent;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Maintenance;

/// <summary>
/// A scale check with a test weight, as a technician runs it (issue 20 part 8): step 1 records the station's stable
/// reading of the empty scale with the weight's nominal mass and certificate, step 2 the stable reading with the weight
/// on; the gateway computes the error, judges it against the configured tolerance and stores the check, audited. Readings
/// come from the station's own telemetry (scaleGrams with scaleStable); an offline station, a stale or unstable reading,
/// a station that is running something, or a weight that is not on the scale is refused with the reason.
/// </summary>
public sealed class ScaleChecks
{
    private readonly StationRegistry registry;
    private readonly ScaleCheckStore store;
    private readonly AuditTrail audit;
    private readonly TimeProvider time;
    private readonly IOptions<MaintenanceOptions> options;

    /// <summary>The readings of the last seconds per station (gateway receive time), to see that a weight has settled.</summary>
    private readonly ConcurrentDictionary<string, Queue<(DateTimeOffset At, double? Grams, bool Stable)>> _recent = new(StringComparer.Ordinal);

    public ScaleChecks(StationRegistry registry, ScaleCheckStore store, AuditTrail audit, TimeProvider time, IOptions<MaintenanceOptions> options)
    {
        this.registry = registry;
        this.store = store;
        this.audit = audit;
        this.time = time;
        this.options = options;
        registry.TelemetryReceived += Remember;
    }

    private void Remember(string stationId, TelemetryPoint p)
    {
        var q = _recent.GetOrAdd(stationId, _ => new());
        var now = time.GetUtcNow();
        var keep = TimeSpan.FromSeconds(Options.SettleSeconds + Options.MaxReadingAgeSeconds + 1);
        lock (q)
        {
            q.Enqueue((now, p.ScaleGrams, p.ScaleStable));
            while (q.Count > 0 && now - q.Peek().At > keep) q.Dequeue();
            while (q.Count > 2000) q.Dequeue();
        }
    }

    public const int MaxCertificateLength = 64;
    public const int MaxListLimit = 1000;

    private readonly ConcurrentDictionary<string, PendingScaleCheck> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MaintenanceOptions Options => options.Value;

    /// <summary>Step 1: the empty scale. Replaces a zero recorded earlier for the station.</summary>
    public async Task<PendingScaleCheck> RecordZeroAsync(string stationId, string user, double? nominalGrams, string? certificate, CancellationToken ct)
    {
        var errors = new List<ApiError>();
        if (nominalGrams is not { } nominal || !double.IsFinite(nominal)) errors.Add(new("nominalGrams", "required: the test weight's nominal mass in g"));
        else if (!(nominal >= 1 && nominal <= Options.MaxNominalGrams))
            errors.Add(new("nominalGrams", $"must be from 1 to {Options.MaxNominalGrams} g (got {nominal})"));
        var cert = certificate?.Trim();
        if (string.IsNullOrEmpty(cert)) errors.Add(new("certificate", "required: the test weight's certificate id"));
        else if (cert.Length > MaxCertificateLength || cert.Any(char.IsControl))
            errors.Add(new("certificate", $"must be 1 to {MaxCertificateLength} printable characters"));
        if (errors.Count > 0) throw new RequestRejectedException(400, "invalid scale check", errors);

        var (station, reading) = StableReading(stationId);
        var now = time.GetUtcNow();
        var pending = new PendingScaleCheck(stationId, user, reading.At, Round(reading.Grams), nominalGrams!.Value, cert!,
            Options.ToleranceFor(stationId), now.AddMinutes(Options.ZeroValidMinutes));
        _pending[stationId] = pending;
        await audit.AppendAsync(new AuditAction(user, AuditEntity.Maintenance, stationId, "scale-check-zero", null,
            new { zeroGrams = pending.ZeroGrams, nominalGrams = pending.NominalGrams, certificate = pending.Certificate, toleranceGrams = pending.ToleranceGrams },
            stationId, null, new { firmware = station.Firmware }), CancellationToken.None);
        return pending;
    }

    /// <summary>Step 2: the weight on. Stores the check (pass or fail) and ends it.</summary>
    public async Task<ScaleCheckRecord> RecordWeightAsync(string stationId, string user, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (!_pending.TryGetValue(stationId, out var zero))
                throw RequestRejectedException.Conflict("step", $"no empty-scale reading for {stationId}: record the empty scale (step 1) first");
            if (now > zero.ValidUntil)
            {
                _pending.TryRemove(stationId, out _);
                throw RequestRejectedException.Conflict("step", $"the empty-scale reading of {zero.ZeroAt.UtcDateTime:HH:mm:ss} UTC is older than {Options.ZeroValidMinutes} min: record the empty scale (step 1) again");
            }
            var (station, loaded) = StableReading(stationId);
            var loadedGrams = Round(loaded.Grams);
            var reading = Round(loadedGrams - zero.ZeroGrams);
            if (reading < 0.1 * zero.NominalGrams)
                throw RequestRejectedException.Conflict("reading",
                    $"the scale reads {reading:0.####} g above the empty scale, less than a tenth of the {zero.NominalGrams:0.####} g weight: place the weight on the scale and record again");
            var error = Round(reading - zero.NominalGrams);
            var passed = Judge(error, zero.ToleranceGrams);
            var check = await store.AddAsync(new ScaleCheckRecord(0, stationId, now, user, zero.ZeroAt, zero.ZeroBy, zero.NominalGrams, zero.Certificate,
                zero.ZeroGrams, loadedGrams, reading, error, zero.ToleranceGrams, passed, station.Firmware), ct);
            _pending.TryRemove(stationId, out _);
            await audit.AppendAsync(new AuditAction(user, AuditEntity.Maintenance, stationId, "scale-check", null,
                new
                {
                    id = check.Id, result = passed ? "pass" : "fail", nominalGrams = check.NominalGrams, certificate = check.Certificate,
                    zeroGrams = check.ZeroGrams, loadedGrams = check.LoadedGrams, readingGrams = check.ReadingGrams, errorGrams = check.ErrorGrams,
                    toleranceGrams = check.ToleranceGrams, zeroBy = check.ZeroBy,
                }, stationId, null, new { firmware = station.Firmware }), CancellationToken.None);
            return check;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops step 1; true if there was one.</summary>
    public async Task<bool> CancelAsync(string stationId, string user)
    {
        if (!_pending.TryRemove(stationId, out var zero)) return false;
        await audit.AppendAsync(new AuditAction(user, AuditEntity.Maintenance, stationId, "scale-check-cancel",
            new { zeroGrams = zero.ZeroGrams, zeroBy = zero.ZeroBy, nominalGrams = zero.NominalGrams }, null, stationId), CancellationToken.None);
        return true;
    }

    /// <summary>Step 1 waiting for step 2, or null (none, or expired).</summary>
    public PendingScaleCheck? Pending(string stationId) =>
        _pending.TryGetValue(stationId, out var p) && time.GetUtcNow() <= p.ValidUntil ? p : null;

    public Task<IReadOnlyList<ScaleCheckRecord>> ListAsync(string? stationId, int limit, CancellationToken ct) => store.ListAsync(stationId, limit, ct);

    public Task<ScaleCheckRecord?> LatestAsync(string stationId, CancellationToken ct) => store.LatestAsync(stationId, ct);

    /// <summary>Pass when |error| is within the tolerance; the error is already rounded to 0.1 mg, so the boundary is exact.</summary>
    public static bool Judge(double errorGrams, double toleranceGrams) => Math.Abs(errorGrams) <= toleranceGrams + 1e-9;

    /// <summary>To the protocol's 0.1 mg: differences of readings carry no binary noise into the verdict.</summary>
    public static double Round(double grams) => Math.Round(grams, 4, MidpointRounding.AwayFromZero);

    /// <summary>Station states in which the scale may be checked: nothing is dosing or baking.</summary>
    public static readonly string[] RestingStates = [PackMlStates.Idle, PackMlStates.Complete, PackMlStates.Stopped, PackMlStates.Aborted];

    /// <summary>
    /// The mean of the readings of the last <see cref="MaintenanceOptions.SettleSeconds"/>, once they have all been stable
    /// and within half the tolerance of each other for that long; otherwise refused with how far apart they are.
    /// </summary>
    private double Settled(string stationId, double latest, DateTimeOffset now)
    {
        var settle = TimeSpan.FromSeconds(Options.SettleSeconds);
        if (settle <= TimeSpan.Zero) return latest;
        var band = Options.ToleranceFor(stationId) / 2;
        List<(DateTimeOffset At, double? Grams, bool Stable)> samples;
        var q = _recent.GetOrAdd(stationId, _ => new());
        lock (q) samples = q.ToList();
        var from = now - settle;
        var window = samples.Where(s => s.At >= from).ToList();
        bool watchedLongEnough = samples.Any(s => s.At <= from);
        bool allStable = window.Count > 0 && window.All(s => s.Stable && s.Grams is not null);
        var values = window.Where(s => s.Grams is not null).Select(s => s.Grams!.Value).ToList();
        double spread = values.Count > 0 ? values.Max() - values.Min() : double.PositiveInfinity;
        if (!watchedLongEnough || !allStable || spread > band)
            throw RequestRejectedException.Conflict("reading",
                $"the scale of {stationId} has not settled yet: it must read stable within {band:0.####} g for {Options.SettleSeconds} s"
                + (allStable && watchedLongEnough ? $" (it moved {spread:0.####} g)" : "") + "; wait a moment and record again");
        return values.Average();
    }

    private (StationSnapshot Station, (DateTimeOffset At, double Grams) Reading) StableReading(string stationId)
    {
        var station = registry.Find(stationId) ?? throw RequestRejectedException.NotFound("station", $"no station '{stationId}'");
        if (!station.Online) throw RequestRejectedException.Conflict("station", $"{stationId} is offline: its scale cannot be read");
        if (station.PackMlState is { } state && !RestingStates.Contains(state))
            throw RequestRejectedException.Conflict("station", $"{stationId} is in {state}: check the scale when nothing runs (Idle, Complete, Stopped or Aborted)");
        var t = station.LastTelemetry;
        var now = time.GetUtcNow();
        if (t is null || station.TelemetryReceivedAt is not { } received || now - received > TimeSpan.FromSeconds(Options.MaxReadingAgeSeconds))
            throw RequestRejectedException.Conflict("reading", $"no scale reading from {stationId} in the last {Options.MaxReadingAgeSeconds} s: check that it sends telemetry");
        if (t.ScaleGrams is not { } grams) throw RequestRejectedException.Conflict("reading", $"{stationId} reports no scale reading (a scale fault?)");
        if (!t.ScaleStable)
            throw RequestRejectedException.Conflict("reading", $"the scale of {stationId} is not stable ({grams:0.####} g): wait until it settles (no draught, no touching the bench) and record again");
        return (station, (received, Settled(stationId, grams, now)));
    }
}
