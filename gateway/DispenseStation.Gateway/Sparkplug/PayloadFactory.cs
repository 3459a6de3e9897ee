using DispenseStation.Gateway.Sparkplug.Proto;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>
/// Builds Sparkplug B payloads: each value goes in the field its datatype names (specification section 6.4.16:
/// Int8..UInt32 in int_value, Int64/UInt64/DateTime in long_value, Double in double_value, Boolean in
/// boolean_value, String in string_value); engineering units ride in a property set under "engUnit", the key
/// Ignition and other hosts read.
/// </summary>
public static class PayloadFactory
{
    public const string EngineeringUnitKey = "engUnit";

    public static Payload New(ulong timestampMs, ulong? seq)
    {
        var p = new Payload { Timestamp = timestampMs };
        if (seq is { } s) p.Seq = s;
        return p;
    }

    /// <summary>A metric for a birth: name, alias, datatype, unit and value (is_null when unknown).</summary>
    public static Payload.Types.Metric Birth(MetricDefinition m, ulong? alias, ulong timestampMs, object? value)
    {
        var metric = new Payload.Types.Metric { Name = m.Name, Timestamp = timestampMs, Datatype = (uint)m.Type };
        if (alias is { } a) metric.Alias = a;
        if (m.Unit is { } unit)
        {
            metric.Properties = new Payload.Types.PropertySet();
            metric.Properties.Keys.Add(EngineeringUnitKey);
            metric.Properties.Values.Add(new Payload.Types.PropertyValue { Type = (uint)DataType.String, StringValue = unit });
        }
        SetValue(metric, m.Type, value);
        return metric;
    }

    /// <summary>A metric for DDATA: alias only, as the specification recommends once the birth has bound alias to name and datatype.</summary>
    public static Payload.Types.Metric Data(MetricDefinition m, ulong alias, ulong timestampMs, object? value)
    {
        var metric = new Payload.Types.Metric { Alias = alias, Timestamp = timestampMs };
        SetValue(metric, m.Type, value);
        return metric;
    }

    public static void SetValue(Payload.Types.Metric metric, DataType type, object? value)
    {
        if (value is null)
        {
            metric.IsNull = true;
            return;
        }
        switch (type)
        {
            case DataType.Int32:
                metric.IntValue = unchecked((uint)Convert.ToInt32(value));
                break;
            case DataType.Int64:
                metric.LongValue = unchecked((ulong)Convert.ToInt64(value));
                break;
            case DataType.Double:
                metric.DoubleValue = Convert.ToDouble(value);
                break;
            case DataType.Boolean:
                metric.BooleanValue = (bool)value;
                break;
            case DataType.String:
                metric.StringValue = (string)value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "the gateway only sends Int32, Int64, Double, Boolean and String metrics");
        }
    }
}
