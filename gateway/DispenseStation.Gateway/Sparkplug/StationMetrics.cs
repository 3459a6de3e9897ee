using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Sparkplug.Proto;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>One metric of a station device: its Sparkplug name, datatype, engineering unit and report-by-exception deadband.</summary>
public sealed record MetricDefinition(int Index, string Name, DataType Type, string? Unit, Func<SparkplugOptions, double> Deadband);

/// <summary>
/// What a station looks like as a Sparkplug device. The index of a metric is part of its alias (see
/// <see cref="StationMetrics.Alias"/>), so metrics are only ever appended to this list, never reordered.
/// </summary>
public static class StationMetrics
{
    private static readonly Func<SparkplugOptions, double> Exact = _ => 0;

    public static readonly MetricDefinition Firmware = new(0, "Properties/Firmware", DataType.String, null, Exact);
    public static readonly MetricDefinition PackMlState = new(1, "State/PackML", DataType.String, null, Exact);
    public static readonly MetricDefinition BatchId = new(2, "Batch/Id", DataType.String, null, Exact);
    public static readonly MetricDefinition StepIndex = new(3, "Batch/Step Index", DataType.Int32, null, Exact);
    public static readonly MetricDefinition StepCount = new(4, "Batch/Step Count", DataType.Int32, null, Exact);
    public static readonly MetricDefinition StepName = new(5, "Batch/Step Name", DataType.String, null, Exact);
    public static readonly MetricDefinition Progress = new(6, "Batch/Progress", DataType.Double, "%", Exact);
    public static readonly MetricDefinition Interrupted = new(7, "Batch/Interrupted", DataType.Boolean, null, Exact);
    public static readonly MetricDefinition ActiveAlarms = new(8, "Alarms/Active", DataType.String, null, Exact);
    public static readonly MetricDefinition AlarmCount = new(9, "Alarms/Count", DataType.Int32, null, Exact);
    public static readonly MetricDefinition PlateC = new(10, "Hotplate/Temperature", DataType.Double, "°C", o => o.TemperatureDeadbandC);
    public static readonly MetricDefinition SetpointC = new(11, "Hotplate/Setpoint", DataType.Double, "°C", o => o.TemperatureDeadbandC);
    public static readonly MetricDefinition HeaterDuty = new(12, "Hotplate/Heater Duty", DataType.Double, "%", o => o.DutyDeadband * 100);
    public static readonly MetricDefinition ScaleGrams = new(13, "Scale/Weight", DataType.Double, "g", o => o.WeightDeadbandGrams);
    public static readonly MetricDefinition ScaleStable = new(14, "Scale/Stable", DataType.Boolean, null, Exact);
    /// <summary>Writable by a host (DCMD, boolean true) when Gateway:Sparkplug:AcceptDeviceCommands is on; born only then.</summary>
    public static readonly MetricDefinition Hold = new(15, "Device Control/Hold", DataType.Boolean, null, Exact);
    public static readonly MetricDefinition Abort = new(16, "Device Control/Abort", DataType.Boolean, null, Exact);

    /// <summary>Everything reported from the station's state and telemetry.</summary>
    public static readonly MetricDefinition[] Reported =
        [Firmware, PackMlState, BatchId, StepIndex, StepCount, StepName, Progress, Interrupted, ActiveAlarms, AlarmCount,
         PlateC, SetpointC, HeaterDuty, ScaleGrams, ScaleStable];

    /// <summary>Commands a host may write, each mapped onto the station command of the same meaning.</summary>
    public static readonly (MetricDefinition Metric, string Command)[] Commands = [(Hold, CommandNames.Hold), (Abort, CommandNames.Abort)];

    /// <summary>Slot of the metric list (reported metrics and commands), used to size per-device arrays.</summary>
    public const int Count = 17;

    /// <summary>
    /// Alias of a device metric: the device's ordinal in this gateway (1-based) in the high bits, the metric index in
    /// the low byte. Aliases must be unique across the whole edge node (Sparkplug 3.0 section 6.4.x, "alias"); node metrics use ordinal 0.
    /// </summary>
    public static ulong Alias(int deviceOrdinal, int index) => ((ulong)deviceOrdinal << 8) | (uint)index;

    /// <summary>Current values (null = unknown) in metric index order, from the station's state and its latest telemetry.</summary>
    public static object?[] ValuesOf(StationSnapshot s, TelemetryPoint? t)
    {
        var values = new object?[Count];
        values[Firmware.Index] = s.Firmware;
        values[PackMlState.Index] = s.PackMlState;
        values[BatchId.Index] = s.BatchId;
        values[StepIndex.Index] = s.StepIndex;
        values[StepCount.Index] = s.StepCount;
        values[StepName.Index] = s.StepName;
        values[Progress.Index] = s.BatchId is not null && s.StepIndex is { } i && s.StepCount is > 0 and var n ? Math.Round(100.0 * i / n, 1) : null;
        values[Interrupted.Index] = s.Interrupted;
        values[ActiveAlarms.Index] = string.Join(",", s.ActiveAlarms);
        values[AlarmCount.Index] = s.ActiveAlarms.Count;
        WriteTelemetry(values, t);
        values[Hold.Index] = false;
        values[Abort.Index] = false;
        return values;
    }

    /// <summary>Puts the process values of one telemetry sample into <paramref name="values"/>.</summary>
    public static void WriteTelemetry(object?[] values, TelemetryPoint? t)
    {
        values[PlateC.Index] = t?.PlateC;
        values[SetpointC.Index] = t?.SetpointC;
        values[HeaterDuty.Index] = t?.HeaterDuty is { } d ? Math.Round(d * 100, 2) : null;
        values[ScaleGrams.Index] = t?.ScaleGrams;
        values[ScaleStable.Index] = t is null ? null : t.ScaleStable;
    }

    /// <summary>
    /// Whether a telemetry sample moved any telemetry metric beyond its deadband from what was last sent: the same rule as
    /// <see cref="Changed"/> on the values <see cref="WriteTelemetry"/> would write, without boxing them, so a sample
    /// inside every deadband costs no allocation and no payload.
    /// </summary>
    public static bool TelemetryMoved(object?[] sent, TelemetryPoint t, SparkplugOptions o) =>
        Moved(sent[PlateC.Index], t.PlateC, o.TemperatureDeadbandC)
        || Moved(sent[SetpointC.Index], t.SetpointC, o.TemperatureDeadbandC)
        || Moved(sent[HeaterDuty.Index], t.HeaterDuty is { } d ? Math.Round(d * 100, 2) : null, o.DutyDeadband * 100)
        || Moved(sent[ScaleGrams.Index], t.ScaleGrams, o.WeightDeadbandGrams)
        || !(sent[ScaleStable.Index] is bool stable && stable == t.ScaleStable);

    private static bool Moved(object? sent, double? now, double band)
    {
        if (sent is null || now is null) return sent is not null || now is not null;
        var a = (double)sent;
        var b = now.Value;
        return band == 0 ? a != b : Math.Abs(a - b) >= band;
    }

    public static MetricDefinition? ByIndex(int index) => index switch
    {
        >= 0 and < 15 => Reported[index],
        15 => Hold,
        16 => Abort,
        _ => null,
    };

    public static MetricDefinition? ByName(string name)
    {
        foreach (var m in Reported) if (m.Name == name) return m;
        foreach (var (m, _) in Commands) if (m.Name == name) return m;
        return null;
    }

    /// <summary>True when <paramref name="now"/> differs from what was last sent by more than the metric's deadband (null and non-null always differ).</summary>
    public static bool Changed(MetricDefinition m, object? sent, object? now, SparkplugOptions o)
    {
        if (sent is null || now is null) return sent is not null || now is not null;
        if (sent is double a && now is double b)
        {
            var band = m.Deadband(o);
            return band == 0 ? a != b : Math.Abs(a - b) >= band;
        }
        return !sent.Equals(now);
    }
}
