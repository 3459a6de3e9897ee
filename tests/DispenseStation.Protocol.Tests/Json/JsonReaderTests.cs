using System.Text;
using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Tests.Json;

public class JsonReaderTests
{
    private static JsonReader Reader(string json, int offset = 0)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(new string('#', offset) + json + "###");
        return new JsonReader(bytes, offset, bytes.Length - offset - 3);
    }

    private static JsonParseError ErrorOf(string json)
    {
        var r = Reader(json, offset: 5);
        while (r.Read()) { }
        Assert.NotNull(r.Error);
        return r.Error!;
    }

    [Theory]
    [InlineData("", 0, "empty input")]
    [InlineData("{", 1, "unexpected end of input")]
    [InlineData("{\"a\" 1}", 5, "expected ':'")]
    [InlineData("{\"a\":1,}", 7, "expected a property name after ','")]
    [InlineData("[1,]", 3, "unexpected character")]
    [InlineData("[1 2]", 3, "expected ',' or ']'")]
    [InlineData("{\"a\":1]", 6, "expected ',' or '}'")]
    [InlineData("01", 1, "unexpected data after the end")]
    [InlineData("-", 1, "unexpected end of input in a number")]
    [InlineData("1.", 2, "expected a digit after '.'")]
    [InlineData("1e+", 3, "expected a digit in the exponent")]
    [InlineData("tru", 3, "unexpected end of input in a literal")]
    [InlineData("nulx", 3, "invalid literal")]
    [InlineData("\"abc", 4, "unterminated string")]
    [InlineData("\"a\u0001\"", 2, "control character")]
    [InlineData("\"\\x\"", 1, "invalid escape")]
    [InlineData("\"\\u12G4\"", 1, "four hex digits")]
    [InlineData("\"\\ud800\"", 1, "unpaired high surrogate")]
    [InlineData("\"\\udc00\"", 1, "unpaired low surrogate")]
    [InlineData("{} {}", 3, "unexpected data after the end")]
    public void Malformed_input_reports_position_and_reason(string json, int position, string reason)
    {
        var error = ErrorOf(json);
        Assert.Equal(position, error.Position); // relative to the document, not the array
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_an_error()
    {
        foreach (byte[] bad in new[] { new byte[] { 0xC0, 0x80 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xE2, 0x82 }, new byte[] { 0xF8 } })
        {
            byte[] doc = [(byte)'"', .. bad, (byte)'"'];
            var r = new JsonReader(doc, 0, doc.Length);
            Assert.False(r.Read());
            Assert.Contains("UTF-8", r.Error!.Reason);
        }
    }

    [Fact]
    public void Depth_limit_is_enforced_without_recursion()
    {
        var r = new JsonReader(4);
        byte[] ok = Encoding.ASCII.GetBytes("[[[[]]]]");
        r.Reset(ok, 0, ok.Length);
        while (r.Read()) { }
        Assert.Null(r.Error);
        byte[] deep = Encoding.ASCII.GetBytes("[[[[[]]]]]");
        r.Reset(deep, 0, deep.Length);
        while (r.Read()) { }
        Assert.Equal(4, r.Error!.Position);
        Assert.Contains("nesting deeper than 4", r.Error.Reason);
    }

    [Fact]
    public void Skip_passes_over_nested_values_of_unknown_fields()
    {
        var r = Reader("{\"unknown\":{\"a\":[1,{\"b\":[]}],\"c\":\"}\"},\"known\":7}");
        Assert.True(r.Read());
        Assert.True(r.Read());
        Assert.True(r.ValueEquals("unknown"));
        Assert.True(r.Skip());
        Assert.True(r.Read());
        Assert.True(r.ValueEquals("known"));
        Assert.True(r.Read());
        Assert.Equal(7, r.GetInt64());
        Assert.True(r.Read());
        Assert.Equal(JsonTokenType.EndObject, r.TokenType);
        Assert.False(r.Read());
        Assert.Null(r.Error);
    }

    [Fact]
    public void ValueEquals_decodes_escapes_and_surrogate_pairs()
    {
        var r = Reader("[\"caf\\u00e9 \\ud834\\udd1e\\n\", \"café 𝄞\\n\"]");
        r.Read();
        for (int i = 0; i < 2; i++)
        {
            Assert.True(r.Read());
            Assert.True(r.ValueEquals("café 𝄞\n"));
            Assert.False(r.ValueEquals("café 𝄞"));
            Assert.False(r.ValueEquals("café 𝄞\n!"));
            Assert.False(r.ValueEquals("cafe 𝄞\n"));
            Assert.Equal("café 𝄞\n", r.GetString());
            Assert.Equal(8, r.GetStringLength());
        }
    }

    [Theory]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("-9223372036854775809", false, 0L)]
    [InlineData("1.0", false, 0L)]
    [InlineData("1e2", false, 0L)]
    [InlineData("-0", true, 0L)]
    public void Int64_is_exact_or_refused(string json, bool ok, long expected)
    {
        var r = Reader(json);
        Assert.True(r.Read());
        Assert.Equal(ok, r.TryGetInt64(out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("12.3456", 12.3456)]
    [InlineData("-0.0001", -0.0001)]
    [InlineData("1e308", 1e308)]
    [InlineData("4.9e-324", 4.9e-324)]
    [InlineData("1e-400", 0.0)]
    [InlineData("0.1000000000000000055511151231257827", 0.1)]
    [InlineData("123456789012345678901234567890", 1.2345678901234568e29)]
    public void Doubles_parse(string json, double expected)
    {
        var r = Reader(json);
        Assert.True(r.Read());
        Assert.True(r.TryGetDouble(out double value));
        Assert.Equal(expected, value, 1e-15 * Math.Abs(expected));
    }

    [Fact]
    public void Out_of_range_doubles_are_refused_not_infinite()
    {
        var r = Reader("1e309");
        Assert.True(r.Read());
        Assert.False(r.TryGetDouble(out _));
        Assert.True(double.IsNaN(r.GetDouble()));
    }

    [Fact]
    public void Bad_buffer_arguments_are_an_error_not_an_exception()
    {
        var r = new JsonReader(new byte[4], 3, 5);
        Assert.False(r.Read());
        Assert.NotNull(r.Error);
        r.Reset(null!, 0, 0);
        Assert.False(r.Read());
        Assert.NotNull(r.Error);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        byte[] doc = [0xEF, 0xBB, 0xBF, (byte)'1'];
        var r = new JsonReader(doc, 0, doc.Length);
        Assert.True(r.Read());
        Assert.Equal(1, r.GetInt64());
    }
}
