using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Sparkplug;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>A clock the test sets; the session stamps payloads with it.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Snapshots and samples for driving an <see cref="EdgeNodeSession"/> without a broker.</summary>
public static class SparkplugTestKit
{
    public static readonly DateTimeOffset OneSecondAfterEpoch = DateTimeOffset.FromUnixTimeMilliseconds(1000);

    /// <param name="pacingMs">DDATA pacing per device; 0 (every change at once) unless a test is about pacing.</param>
    public static SparkplugOptions Options(bool commands = false, int pacingMs = 0) => new()
    {
        Enabled = true, GroupId = "G", EdgeNodeId = "N", AcceptDeviceCommands = commands,
        TemperatureDeadbandC = 0.25, WeightDeadbandGrams = 0.5, DutyDeadband = 0.01, DataMinIntervalMilliseconds = pacingMs,
    };

    public static TelemetryPoint Sample(double? plateC, long atMs = 1000, double? grams = null) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(atMs), grams, false, plateC, null, null, []);

    public static StationSnapshot Online(string id, TelemetryPoint? telemetry = null, string state = "Idle", string? batch = null, params string[] alarms) =>
        new(id, true, true, "1.2.0", state, batch, batch is null ? null : 1, batch is null ? null : 4, batch is null ? null : "dose", false, alarms,
            OneSecondAfterEpoch, telemetry, []);

    public static StationSnapshot Offline(StationSnapshot s) => s with { Online = false };
}
