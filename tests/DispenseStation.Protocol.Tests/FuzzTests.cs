using System.Text;
using CsCheck;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using Xunit.Abstractions;

namespace DispenseStation.Protocol.Tests;

/// <summary>
/// Random bytes, truncated and bit-flipped payloads: every parser must answer with a clean error
/// (or a valid message), never another exception and never a hang. "Never a hang" is checked by
/// counting: every successful Read consumes at least one byte.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    public const int RandomCases = 20_000;

    /// <summary>One command of each argument shape: recipe, step index, none.</summary>
    private static readonly string[] CommandNamesToTry = [CommandNames.Start, CommandNames.Confirm, CommandNames.Hold];

    /// <summary>Runs every parser over the bytes; returns how many accepted them.</summary>
    private static int ParseWithEverything(byte[] bytes, int offset, int length)
    {
        int accepted = 0;
        accepted += Check(StateMessage.TryParse(bytes, offset, length, out var s, out var e1), s, e1);
        accepted += Check(TelemetryMessage.TryParse(bytes, offset, length, out var t, out var e2), t, e2);
        accepted += Check(EventMessage.TryParse(bytes, offset, length, out var ev, out var e3), ev, e3);
        accepted += Check(CommandResultMessage.TryParse(bytes, offset, length, out var cr, out var e4), cr, e4);
        accepted += Check(ControlRecipe.TryParse(bytes, offset, length, out var rc, out var e5), rc, e5);
        foreach (var name in CommandNamesToTry)
        {
            accepted += Check(CommandMessage.TryParse(name, bytes, offset, length, out var c, out var e6), c, e6);
        }
        _ = CommandMessage.TryReadId(bytes, offset, length);

        var reader = new JsonReader(bytes, offset, length);
        int reads = 0;
        while (reader.Read())
        {
            Assert.True(++reads <= length, "a Read that consumed nothing");
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) _ = reader.GetString();
            if (reader.TokenType == JsonTokenType.Number) { reader.TryGetDouble(out _); reader.TryGetInt64(out _); }
        }
        return accepted;
    }

    private static int Check(bool ok, object? message, string? error)
    {
        if (ok)
        {
            Assert.NotNull(message);
            Assert.Null(error);
            return 1;
        }
        Assert.Null(message);
        Assert.False(string.IsNullOrWhiteSpace(error));
        return 0;
    }

    [Fact]
    public void Random_bytes_give_clean_errors()
    {
        Gen.Byte.Array[0, 300].Sample(bytes => ParseWithEverything(bytes, 0, bytes.Length), iter: RandomCases);
        output.WriteLine($"{RandomCases} random byte arrays through every parser");
    }

    [Fact]
    public void Random_json_shaped_bytes_give_clean_errors()
    {
        // Mostly JSON punctuation, names and literals: gets much deeper into the parsers than noise.
        var pieces = Gen.OneOfConst("{", "}", "[", "]", ":", ",", "\"", "\"seq\"", "\"ts\"", "\"online\"", "\"samples\"", "\"id\"",
            "\"recipe\"", "\"steps\"", "\"kind\"", "\"dose\"", "\"bake\"", "1", "-0.5", "1e999", "true", "null", "\\u00", " ");
        pieces.Array[0, 60].Select(p => Encoding.UTF8.GetBytes(string.Concat(p)))
            .Sample(bytes => ParseWithEverything(bytes, 0, bytes.Length), iter: RandomCases);
        output.WriteLine($"{RandomCases} JSON-shaped byte arrays through every parser");
    }

    [Fact]
    public void Every_truncation_and_bit_flip_of_real_payloads_gives_a_clean_error()
    {
        int cases = 0;
        foreach (byte[] payload in SamplePayloads())
        {
            // The whole payload parses; every strict prefix of an object is invalid.
            Assert.True(ParseWithEverything(payload, 0, payload.Length) >= 1);
            byte[] padded = [.. "xx"u8.ToArray(), .. payload, .. "yy"u8.ToArray()];
            for (int length = 0; length < payload.Length; length++)
            {
                Assert.Equal(0, ParseWithEverything(padded, 2, length));
                cases++;
            }
            for (int bit = 0; bit < payload.Length * 8; bit += 3)
            {
                byte[] flipped = (byte[])payload.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                ParseWithEverything(flipped, 0, flipped.Length);
                cases++;
            }
        }
        output.WriteLine($"{cases} truncated or bit-flipped payloads through every parser");
    }

    internal static IEnumerable<byte[]> SamplePayloads()
    {
        var w = new JsonWriter(8192);
        new StateMessage { Seq = 1, UptimeMs = 2, Online = true, PackMlState = PackMlStates.Idle, ActiveAlarms = ["A"] }.WriteTo(w);
        yield return w.ToArray();
        var t = new TelemetryMessage(2, 2) { Seq = 1, UptimeMs = 2, SampleCount = 2 };
        t.Samples[0].UptimeMs = 1; t.Samples[1].UptimeMs = 2; t.Samples[0].PlateC = 25.5;
        t.WriteTo(w);
        yield return w.ToArray();
        new EventMessage { Seq = 1, UptimeMs = 2, Kind = EventKinds.DoseResult, Channel = 1, TargetGrams = 2, ActualGrams = 2.001, Success = true }.WriteTo(w);
        yield return w.ToArray();
        new CommandResultMessage { Id = "c", Accepted = false, Reason = "no", PackMlState = PackMlStates.Held }.WriteTo(w);
        yield return w.ToArray();
        new CommandMessage { Id = "c-1", Name = CommandNames.Start, Recipe = Recipes.Sample() }.WriteTo(w);
        yield return w.ToArray();
    }
}
