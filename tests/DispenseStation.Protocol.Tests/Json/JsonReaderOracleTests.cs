using System.Globalization;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace DispenseStation.Protocol.Tests.Json;

/// <summary>Our JsonReader against System.Text.Json's Utf8JsonReader on generated documents.</summary>
public class JsonReaderOracleTests(ITestOutputHelper output)
{
    public const int ValidCases = 4000;
    public const int MutatedCases = 6000;

    [Fact]
    public void Valid_documents_give_the_same_tokens_as_System_Text_Json()
    {
        int numbers = 0;
        JsonGen.Document.Sample(doc =>
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(doc);
            var expected = Tokens.Oracle(utf8);
            Assert.NotNull(expected); // the generator writes only valid JSON
            var (actual, error, _) = Tokens.Ours(utf8);
            Assert.True(error == null, $"rejected valid JSON: {error} in {doc}");
            AssertSameTokens(expected!, actual!);
            Interlocked.Add(ref numbers, expected!.Count(t => t.Type == Protocol.Json.JsonTokenType.Number));
        }, iter: ValidCases, print: d => d);
        output.WriteLine($"{ValidCases} generated valid documents, {numbers} numbers compared");
    }

    [Fact]
    public void Mutated_documents_are_accepted_or_rejected_exactly_as_System_Text_Json_does()
    {
        int rejected = 0;
        var gen = Gen.Select(JsonGen.ObjectDocument, Gen.Int, (doc, seed) => Mutate(Encoding.UTF8.GetBytes(doc), new Random(seed)));
        gen.Sample(utf8 =>
        {
            var expected = Tokens.Oracle(utf8);
            var (actual, error, reads) = Tokens.Ours(utf8);
            Assert.True(reads <= utf8.Length + 2, "every Read must consume input");
            if (expected == null)
            {
                Assert.True(error != null, "accepted what System.Text.Json rejects: " + Show(utf8));
                Assert.InRange(error!.Position, 0, utf8.Length);
                Assert.False(string.IsNullOrEmpty(error.Reason));
                Interlocked.Increment(ref rejected);
            }
            else
            {
                Assert.True(error == null, $"rejected what System.Text.Json accepts: {error} in {Show(utf8)}");
                AssertSameTokens(expected, actual!);
            }
        }, iter: MutatedCases, print: Show);
        output.WriteLine($"{MutatedCases} mutated documents, {rejected} rejected by both readers");
        Assert.InRange(rejected, MutatedCases / 5, MutatedCases); // the mutations really break documents
    }

    [Fact]
    public void Nesting_limit_matches_System_Text_Json_MaxDepth()
    {
        for (int depth = 1; depth <= 40; depth++)
        {
            byte[] utf8 = Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth));
            bool oracle = Tokens.Oracle(utf8, maxDepth: 32) != null;
            bool ours = Tokens.Ours(utf8, maxDepth: 32).Error == null;
            Assert.Equal(oracle, ours);
        }
    }

    private static void AssertSameTokens(List<Token> expected, List<Token> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Token e = expected[i], a = actual[i];
            Assert.Equal(e.Type, a.Type);
            if (e.Type != Protocol.Json.JsonTokenType.Number)
            {
                Assert.Equal(e.Text, a.Text);
                continue;
            }
            Assert.Equal(e.Int64, a.Int64);
            Assert.Equal(e.Double.HasValue, a.Double.HasValue);
            if (e.Double is not double x || a.Double is not double y) continue;
            if (IsExactlyRoundable(e.Text!)) Assert.True(x == y, $"{e.Text}: expected {x:R}, got {y:R}");
            else Assert.True(Math.Abs(x - y) <= 1e-14 * Math.Abs(x) || Math.Abs(x) < 1e-300, $"{e.Text}: expected {x:R}, got {y:R}");
        }
    }

    /// <summary>True when the reader promises a correctly rounded result: at most 15 significant
    /// digits and a decimal exponent within +-22 after moving trailing zeros into it.</summary>
    internal static bool IsExactlyRoundable(string number)
    {
        string s = number.TrimStart('-');
        int e = s.IndexOfAny(['e', 'E']);
        int exponent = e < 0 ? 0 : int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? s : s[..e];
        int dot = mantissa.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= mantissa.Length - dot - 1;
            mantissa = mantissa.Remove(dot, 1);
        }
        mantissa = mantissa.TrimStart('0');
        if (mantissa.Length == 0) return true;
        int trailing = mantissa.Length - mantissa.TrimEnd('0').Length;
        mantissa = mantissa[..^trailing];
        exponent += trailing;
        return mantissa.Length <= 15 && exponent >= -22 && exponent <= 22;
    }

    /// <summary>One to three edits: delete, insert or replace a byte (biased to JSON syntax), or truncate.</summary>
    private static byte[] Mutate(byte[] doc, Random random)
    {
        const string Syntax = "{}[]:,\"\\ 0123456789eE.+-tfnul/";
        var bytes = new List<byte>(doc);
        int edits = random.Next(1, 4);
        for (int k = 0; k < edits && bytes.Count > 0; k++)
        {
            int at = random.Next(bytes.Count);
            byte b = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)Syntax[random.Next(Syntax.Length)];
            switch (random.Next(4))
            {
                case 0: bytes.RemoveAt(at); break;
                case 1: bytes.Insert(at, b); break;
                case 2: bytes[at] = b; break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        // A leading byte order mark is accepted by our reader but not by Utf8JsonReader; avoid it.
        if (bytes.Count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes[0] = (byte)' ';
        return bytes.ToArray();
    }

    private static string Show(byte[] utf8) => Convert.ToHexString(utf8) + " | " + Encoding.UTF8.GetString(utf8);
}
