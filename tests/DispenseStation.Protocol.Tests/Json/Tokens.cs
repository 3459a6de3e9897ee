using System.Text.Json;
using DispenseStation.Protocol.Json;
using JsonTokenType = DispenseStation.Protocol.Json.JsonTokenType;
using JsonReader = DispenseStation.Protocol.Json.JsonReader;

namespace DispenseStation.Protocol.Tests.Json;

/// <summary>One token as both readers report it, for comparing them.</summary>
internal sealed record Token(JsonTokenType Type, string? Text, double? Double, long? Int64)
{
    public override string ToString() => $"{Type} {Text} {Double?.ToString("R")} {Int64}";
}

/// <summary>Reads a whole document with System.Text.Json (the oracle) or with our reader.</summary>
internal static class Tokens
{
    /// <summary>The oracle's tokens, or null when it rejects the document (including strings it
    /// cannot decode: invalid UTF-8 or unpaired surrogates, which our reader rejects while reading).</summary>
    public static List<Token>? Oracle(byte[] utf8, int maxDepth = JsonReader.DefaultMaxDepth)
    {
        var tokens = new List<Token>();
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
            while (reader.Read())
            {
                tokens.Add(reader.TokenType switch
                {
                    System.Text.Json.JsonTokenType.StartObject => new Token(JsonTokenType.StartObject, null, null, null),
                    System.Text.Json.JsonTokenType.EndObject => new Token(JsonTokenType.EndObject, null, null, null),
                    System.Text.Json.JsonTokenType.StartArray => new Token(JsonTokenType.StartArray, null, null, null),
                    System.Text.Json.JsonTokenType.EndArray => new Token(JsonTokenType.EndArray, null, null, null),
                    System.Text.Json.JsonTokenType.PropertyName => new Token(JsonTokenType.PropertyName, reader.GetString(), null, null),
                    System.Text.Json.JsonTokenType.String => new Token(JsonTokenType.String, reader.GetString(), null, null),
                    System.Text.Json.JsonTokenType.Number => new Token(JsonTokenType.Number, NumberText(ref reader),
                        FiniteDouble(ref reader), reader.TryGetInt64(out long l) ? l : null),
                    System.Text.Json.JsonTokenType.True => new Token(JsonTokenType.True, null, null, null),
                    System.Text.Json.JsonTokenType.False => new Token(JsonTokenType.False, null, null, null),
                    System.Text.Json.JsonTokenType.Null => new Token(JsonTokenType.Null, null, null, null),
                    _ => throw new InvalidOperationException("unexpected token " + reader.TokenType),
                });
            }
            return tokens;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // GetString on invalid UTF-8 / UTF-16 content
        }
    }

    /// <summary>System.Text.Json returns infinity for out-of-range numbers; our reader reports
    /// them as not representable (a deliberate difference: no infinities in process values).</summary>
    private static double? FiniteDouble(ref Utf8JsonReader reader) =>
        reader.TryGetDouble(out double d) && double.IsFinite(d) ? d : null;

    private static string NumberText(ref Utf8JsonReader reader) =>
        System.Text.Encoding.ASCII.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());

    /// <summary>Our reader's tokens and its error (null tokens on error). Also counts Read calls.</summary>
    public static (List<Token>? Tokens, JsonParseError? Error, int Reads) Ours(byte[] utf8, int maxDepth = JsonReader.DefaultMaxDepth)
    {
        var tokens = new List<Token>();
        var reader = new JsonReader(maxDepth);
        reader.Reset(utf8, 0, utf8.Length);
        int reads = 0;
        string? text = null;
        while (true)
        {
            reads++;
            if (!reader.Read()) break;
            if (reader.TokenType == JsonTokenType.Number)
            {
                text = NumberTextOf(utf8, reader);
                tokens.Add(new Token(JsonTokenType.Number, text, reader.TryGetDouble(out double d) ? d : null, reader.TryGetInt64(out long l) ? l : null));
            }
            else if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                tokens.Add(new Token(reader.TokenType, reader.GetString(), null, null));
            }
            else
            {
                tokens.Add(new Token(reader.TokenType, null, null, null));
            }
        }
        return reader.Error == null ? (tokens, null, reads) : (null, reader.Error, reads);
    }

    /// <summary>The number's text, scanned from the token position (the reader does not expose it).</summary>
    private static string NumberTextOf(byte[] utf8, JsonReader reader)
    {
        int start = reader.TokenPosition, end = start;
        while (end < utf8.Length && "+-.0123456789eE".IndexOf((char)utf8[end]) >= 0) end++;
        return System.Text.Encoding.ASCII.GetString(utf8, start, end - start);
    }
}
