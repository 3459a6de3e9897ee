using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Tests.Json;

public class JsonWriterTests
{
    private static string Write(Action<JsonWriter> write, int capacity = 1024)
    {
        var w = new JsonWriter(capacity);
        write(w);
        Assert.False(w.Overflowed);
        return Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
    }

    [Theory]
    [InlineData(0.0, 4, "0")]
    [InlineData(-0.0, 2, "0")]
    [InlineData(1.5, 4, "1.5")]
    [InlineData(2.0, 4, "2")]
    [InlineData(12.345678, 4, "12.3457")]
    [InlineData(-12.345649, 4, "-12.3456")]
    [InlineData(0.00005, 4, "0.0001")]
    [InlineData(-0.00004, 4, "0")]
    [InlineData(0.0012, 4, "0.0012")]
    [InlineData(99.9996, 3, "100")]
    [InlineData(123.0, 0, "123")]
    [InlineData(0.5, 0, "1")]
    [InlineData(-0.5, 0, "-1")]
    [InlineData(1e20, 4, "1e+20")]
    [InlineData(-1.2345678901234567e300, 2, "-1.23456789012346e+300")]
    [InlineData(double.NaN, 4, "null")]
    [InlineData(double.PositiveInfinity, 4, "null")]
    public void Numbers_are_written_with_at_most_the_given_decimals(double value, int decimals, string expected)
    {
        Assert.Equal(expected, Write(w => w.WriteNumber(value, decimals)));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Integers_cover_the_whole_long_range(long value, string expected)
    {
        Assert.Equal(expected, Write(w => w.WriteInteger(value)));
    }

    [Fact]
    public void Strings_are_escaped_and_encoded_as_utf8()
    {
        string json = Write(w => w.WriteString("a\"b\\c\n\t\u0001\u007f é € 𝄞 \ud800x"));
        Assert.Equal("\"a\\\"b\\\\c\\n\\t\\u0001\\u007f é € 𝄞 \uFFFDx\"", json);
    }

    [Fact]
    public void Structure_gets_commas_and_colons()
    {
        string json = Write(w =>
        {
            w.BeginObject();
            w.WriteIntegerProperty("a", 1);
            w.WriteName("b");
            w.BeginArray();
            w.WriteBool(true);
            w.WriteNull();
            w.BeginObject();
            w.EndObject();
            w.BeginArray();
            w.EndArray();
            w.EndArray();
            w.WriteStringProperty("c", null!);
            w.EndObject();
        });
        Assert.Equal("{\"a\":1,\"b\":[true,null,{},[]],\"c\":null}", json);
    }

    [Fact]
    public void Overflow_is_reported_and_never_silently_truncated()
    {
        var w = new JsonWriter(10);
        w.BeginObject();
        w.WriteStringProperty("name", "longer than ten bytes");
        w.EndObject();
        Assert.True(w.Overflowed);
        Assert.True(w.Length <= 10);
        w.Reset();
        Assert.False(w.Overflowed);
        w.WriteInteger(42);
        Assert.Equal("42", Encoding.ASCII.GetString(w.Buffer, 0, w.Length));
    }

    [Fact]
    public void Misuse_throws_InvalidOperationException()
    {
        var w = new JsonWriter(64);
        Assert.Throws<InvalidOperationException>(w.EndObject);
        w.Reset();
        for (int i = 0; i < JsonWriter.MaxDepth; i++) w.BeginArray();
        Assert.Throws<InvalidOperationException>(w.BeginArray);
    }

    /// <summary>Writer output parsed by System.Text.Json gives back the values written.</summary>
    [Fact]
    public void Written_documents_parse_back_with_System_Text_Json()
    {
        var item = Gen.Select(JsonGen.Text, Gen.Double[-1e12, 1e12], Gen.Int[0, 9], Gen.Long, Gen.Bool);
        item.Array[0, 20].Sample(items =>
        {
            var writer = new JsonWriter(64 * 1024);
            writer.BeginArray();
            foreach (var (text, number, decimals, integer, flag) in items)
            {
                writer.BeginObject();
                writer.WriteStringProperty("s", text);
                writer.WriteNumberProperty("d", number, decimals);
                writer.WriteIntegerProperty("i", integer);
                writer.WriteBoolProperty("b", flag);
                writer.EndObject();
            }
            writer.EndArray();
            Assert.False(writer.Overflowed);
            using var doc = JsonDocument.Parse(writer.Buffer.AsMemory(0, writer.Length));
            var array = doc.RootElement.EnumerateArray().ToArray();
            Assert.Equal(items.Length, array.Length);
            for (int i = 0; i < items.Length; i++)
            {
                var (text, number, decimals, integer, flag) = items[i];
                Assert.Equal(ReplaceLoneSurrogates(text), array[i].GetProperty("s").GetString());
                double parsed = array[i].GetProperty("d").GetDouble();
                double expected = Math.Round(number, decimals, MidpointRounding.AwayFromZero);
                Assert.True(Math.Abs(parsed - expected) <= 1e-15 * Math.Max(1, Math.Abs(expected)) + 0.5 * Math.Pow(10, -decimals) * 1e-6 + Ulp(number, decimals),
                    $"{number:R} with {decimals} decimals wrote {array[i].GetProperty("d").GetRawText()}");
                Assert.Equal(integer, array[i].GetProperty("i").GetInt64());
                Assert.Equal(flag, array[i].GetProperty("b").GetBoolean());
            }
        }, iter: 2000);
    }

    /// <summary>value * 10^decimals is itself rounded; allow one unit in the last written place when
    /// the value sits on a rounding midpoint within that error.</summary>
    private static double Ulp(double value, int decimals)
    {
        double scaled = Math.Abs(value) * Math.Pow(10, decimals);
        double fraction = scaled - Math.Floor(scaled);
        return Math.Abs(fraction - 0.5) < 1e-6 ? Math.Pow(10, -decimals) : 0;
    }

    private static string ReplaceLoneSurrogates(string s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(s, i, 2); i++; }
            else if (char.IsSurrogate(s[i])) sb.Append('\uFFFD');
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
