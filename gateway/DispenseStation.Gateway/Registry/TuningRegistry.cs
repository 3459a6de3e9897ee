using System.Collections.Concurrent;
using System.Globalization;
using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Registry;

/// <summary>
/// Current gains and the last autotune per station, fed by the stations' tuning events. A gain change the
/// station made itself (a finished autotune) is written to the audit log here; gains set through the API are
/// audited by the API with the engineer's name.
/// </summary>
public sealed class TuningRegistry(IGatewayRepository repository, LiveFeed live, TimeProvider time, ILogger<TuningRegistry> log)
{
    public const string LiveUpdate = "tuning";
    private readonly ConcurrentDictionary<string, StationTuning> _stations = new(StringComparer.Ordinal);
    // When each station's running autotune started, on both clocks (for the end estimate).
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, long UptimeMs)> _autotuneStarts = new(StringComparer.Ordinal);

    public StationTuning? Find(string station) => _stations.TryGetValue(station, out var t) ? t : null;

    public async Task OnTuningEventAsync(string station, EventMessage e, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var previous = Find(station);
        AutotuneReport? last = previous?.LastAutotune;
        if (e.Status is TuningStatuses.AutotuneSucceeded or TuningStatuses.AutotuneFailed)
        {
            last = new AutotuneReport(now, e.Status, e.Rule, Num(e.Ku), Num(e.PuS), Num(e.ModelGainCPerDuty), Num(e.TauS), Num(e.DeadTimeS), e.Message);
        }
        AutotuneEstimate? estimate = null;
        if (e.Status == TuningStatuses.AutotuneStarted) _autotuneStarts[station] = (now, e.UptimeMs);
        else if (e.Status == TuningStatuses.AutotuneProgress)
            estimate = AutotuneClock.Estimate(e.CyclesDone, e.CyclesRemaining, e.PuS,
                _autotuneStarts.TryGetValue(station, out var started) ? started : null, now, e.UptimeMs);
        else if (e.Status is TuningStatuses.AutotuneSucceeded or TuningStatuses.AutotuneFailed) _autotuneStarts.TryRemove(station, out _);
        var running = e.Status is TuningStatuses.AutotuneStarted or TuningStatuses.AutotuneProgress;
        var tuning = new StationTuning(station, now, e.Status, e.Kp, e.Ti, e.Td, running, last, estimate);
        // The audit row goes first: whoever sees the new state (API, dashboard, a test) must find its record.
        if (e.Status == TuningStatuses.AutotuneSucceeded)
        {
            try
            {
                await repository.AppendAuditAsync(now, "station " + station, AuditEntity.Parameter, GainsEntityId(station), "autotune",
                    Describe(e.Kp, e.Ti, e.Td) + string.Create(CultureInfo.InvariantCulture,
                        $" by rule {e.Rule} (Ku {e.Ku:G6}, Pu {e.PuS:0.###} s, model K {e.ModelGainCPerDuty:0.###} °C/duty, tau {e.TauS:0.###} s, dead time {e.DeadTimeS:0.###} s)"),
                    ct);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Could not audit the autotuned gains of {Station}", station);
            }
        }
        _stations[station] = tuning;
        live.Publish(LiveUpdate, tuning);
    }

    /// <summary>The audit log's entity id for a station's hotplate gains.</summary>
    public static string GainsEntityId(string station) => station + "/hotplate-pid";

    public static string Describe(double kp, double ti, double td) =>
        string.Create(CultureInfo.InvariantCulture, $"kp {kp:G6} duty/°C, ti {ti:0.###} s, td {td:0.###} s");

    private static double? Num(double v) => double.IsNaN(v) ? null : v;
}
