using System.Globalization;
using System.Text.Json;
using DispenseStation.Gateway.Sparkplug;
using static DispenseStation.Gateway.Tests.Sparkplug.SparkplugTestKit;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>Every kind of message the edge node publishes, decoded by Eclipse Tahu's codec (see <see cref="TahuDecoder"/>).</summary>
public sealed class TahuDecodeTests
{
    [Fact]
    public async Task Every_message_of_a_session_decodes_in_Tahu_with_our_names_types_values_and_seq()
    {
        var clock = new ManualClock(OneSecondAfterEpoch);
        var session = new EdgeNodeSession(Options(commands: true), clock);
        var station = Online("ds-01", Sample(21.5, grams: 3.25), "Execute", "b-1", "HEATER_OPEN");
        var messages = new List<SparkplugMessage> { session.Death(5) };
        messages.AddRange(session.Connected(5, [station, Online("ds-02")]));
        messages.Add(session.OnTelemetry("ds-01", Sample(22.0, atMs: 3000, grams: 4.0))!);
        messages.AddRange(session.OnStation(station with { PackMlState = "Held", StepIndex = 2 }));
        messages.AddRange(session.OnStation(Offline(station)));

        var decoded = await TahuDecoder.DecodeAsync(messages.Select(m => m.ToBytes()));
        Assert.Equal(messages.Count, decoded.Count);
        Dictionary<ulong, string> typeOfAlias = new();
        for (var i = 0; i < messages.Count; i++)
        {
            var ours = messages[i].Payload;
            var tahu = decoded[i].GetProperty("decoded");
            var raw = decoded[i].GetProperty("raw");
            Assert.Equal(ours.Timestamp.ToString(CultureInfo.InvariantCulture), tahu.GetProperty("timestamp").GetString());
            if (ours.HasSeq) Assert.Equal(ours.Seq.ToString(CultureInfo.InvariantCulture), tahu.GetProperty("seq").GetString());
            else Assert.False(tahu.TryGetProperty("seq", out _), $"{messages[i].Type} must not carry seq");
            var metrics = tahu.TryGetProperty("metrics", out var ms) ? ms.EnumerateArray().ToList() : [];
            var rawMetrics = raw.TryGetProperty("metrics", out var rms) ? rms.EnumerateArray().ToList() : [];
            Assert.Equal(ours.Metrics.Count, metrics.Count);
            for (var j = 0; j < metrics.Count; j++)
            {
                var m = ours.Metrics[j];
                if (m.HasName)
                {
                    // Births: Tahu reads name, datatype and value by itself.
                    Assert.Equal(m.Name, metrics[j].GetProperty("name").GetString());
                    var type = metrics[j].GetProperty("type").GetString()!;
                    Assert.Equal(((DispenseStation.Gateway.Sparkplug.Proto.DataType)m.Datatype).ToString(), type);
                    if (m.HasAlias) typeOfAlias[m.Alias] = type;
                    AssertValue(m, metrics[j].GetProperty("value"), type);
                }
                else
                {
                    // DDATA carries alias only (datatype SHOULD NOT be repeated): resolve it through Tahu's reading of the DBIRTH.
                    var alias = ulong.Parse(rawMetrics[j].GetProperty("alias").GetString()!, CultureInfo.InvariantCulture);
                    Assert.Equal(m.Alias, alias);
                    var type = typeOfAlias[alias];
                    var field = type switch { "Double" => "doubleValue", "String" => "stringValue", "Boolean" => "booleanValue", "Int32" => "intValue", _ => "longValue" };
                    AssertValue(m, rawMetrics[j].GetProperty(field), type);
                }
            }
        }
        Assert.Equal(["NDEATH", "NBIRTH", "DBIRTH", "DBIRTH", "DDATA", "DDATA", "DDEATH"], messages.Select(m => m.Type.ToString()));
    }

    private static void AssertValue(DispenseStation.Gateway.Sparkplug.Proto.Payload.Types.Metric m, JsonElement value, string type)
    {
        if (m.IsNull)
        {
            Assert.Equal(JsonValueKind.Null, value.ValueKind);
            return;
        }
        switch (type)
        {
            case "Double": Assert.Equal(m.DoubleValue, value.GetDouble()); break;
            case "String": Assert.Equal(m.StringValue, value.GetString()); break;
            case "Boolean": Assert.Equal(m.BooleanValue, value.GetBoolean()); break;
            case "Int32": Assert.Equal((int)m.IntValue, value.GetInt32()); break;
            case "Int64": Assert.Equal(((long)m.LongValue).ToString(CultureInfo.InvariantCulture), value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()); break;
            default: Assert.Fail($"unexpected type {type}"); break;
        }
    }

    [Fact]
    public async Task Tahu_reads_the_hand_worked_ndeath_bytes_as_bdSeq_3()
    {
        // The same bytes as GoldenPayloadTests: checks the hand-worked bytes themselves against an independent reader.
        byte[] ndeath = [0x08, 0xE8, 0x07, 0x12, 0x0B, 0x0A, 0x05, .. "bdSeq"u8, 0x20, 0x04, 0x58, 0x03];
        var d = (await TahuDecoder.DecodeAsync([ndeath]))[0].GetProperty("decoded");
        Assert.Equal("1000", d.GetProperty("timestamp").GetString());
        var metric = Assert.Single(d.GetProperty("metrics").EnumerateArray());
        Assert.Equal("bdSeq", metric.GetProperty("name").GetString());
        Assert.Equal("Int64", metric.GetProperty("type").GetString());
        Assert.Equal("3", metric.GetProperty("value").GetString());
    }
}
