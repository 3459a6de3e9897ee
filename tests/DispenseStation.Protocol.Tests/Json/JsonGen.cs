using System.Globalization;
using System.Text;
using CsCheck;

namespace DispenseStation.Protocol.Tests.Json;

/// <summary>
/// Generators of JSON text written independently of the code under test: random nesting,
/// whitespace, every escape form (short, \u, surrogate pairs), raw multi-byte UTF-8, and numbers in
/// integer, fraction, exponent and long-mantissa forms.
/// </summary>
internal static class JsonGen
{
    public static readonly Gen<string> Whitespace = Gen.FrequencyConst((6, ""), (2, " "), (1, "\n  "), (1, "\t"), (1, "\r\n"));

    /// <summary>Characters that exercise escaping: ASCII, controls, quotes, BMP, astral (as pairs).</summary>
    private static readonly Gen<string> TextChar = Gen.Frequency(
        (10, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (3, Gen.Char[' ', '~'].Select(c => c.ToString())),
        (2, Gen.Char['\0', '\u001f'].Select(c => c.ToString())),
        (2, Gen.OneOfConst("\"", "\\", "/", "\u007f")),
        (2, Gen.Char['\u0080', '\u07ff'].Select(c => c.ToString())),
        (2, Gen.Char['\u0800', '\ud7ff'].Select(c => c.ToString())),
        (1, Gen.Char['\ue000', '\uffff'].Select(c => c.ToString())),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)));

    /// <summary>A decoded string value.</summary>
    public static readonly Gen<string> Text = TextChar.Array[0, 12].Select(parts => string.Concat(parts));

    /// <summary>A string literal: the text, each character written raw or escaped at random.</summary>
    public static readonly Gen<string> StringLiteral = Gen.Select(Text, Gen.Int, (text, seed) => Quote(text, new Random(seed)));

    private static readonly Gen<char> Digit = Gen.Char['0', '9'];

    private static readonly GenDigits Digits = new();

    public static readonly Gen<string> Number = Gen.Frequency(
        (3, Gen.Long.Select(v => v.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Int[-100000, 100000].Select(v => v.ToString(CultureInfo.InvariantCulture))),
        (3, Gen.Select(Gen.Long[-1_000_000_000_000, 1_000_000_000_000], Gen.Int[0, 9], FixedDecimal)),
        (2, Gen.Double.Where(double.IsFinite).Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
        (3, Gen.Select(Gen.Bool, Digits[1, 25], Digits[0, 25], Gen.Int[-30, 30], Gen.Int[0, 3], Grammar)));

    public static readonly Gen<string> Scalar = Gen.Frequency(
        (4, StringLiteral),
        (4, Number),
        (1, Gen.OneOfConst("true", "false", "null")));

    /// <summary>A whole document: any value, nested up to 6 levels.</summary>
    public static readonly Gen<string> Document = Nested(6);

    /// <summary>A document that is an object at the top (what message payloads are), kept small
    /// (3 levels) so that mutations of it are cheap to check.</summary>
    public static readonly Gen<string> ObjectDocument = Gen.Select(Gen.Select(StringLiteral, Nested(2)).Array[0, 6], Whitespace.Array[6], Object);

    private static Gen<string> Nested(int maxDepth) => Gen.Recursive<string>((depth, value) =>
        depth >= maxDepth
            ? Scalar
            : Gen.Frequency(
                (3, Scalar),
                (1, Gen.Select(value.Array[0, 5], Whitespace.Array[6], Array)),
                (2, Gen.Select(Gen.Select(StringLiteral, value).Array[0, 5], Whitespace.Array[6], Object))))
        .Select(Whitespace, Whitespace, (doc, before, after) => before + doc + after);

    private static string Array(string[] items, string[] ws) =>
        "[" + ws[0] + string.Join(ws[1] + "," + ws[2], items) + ws[3] + "]";

    private static string Object((string Name, string Value)[] members, string[] ws) =>
        "{" + ws[0] + string.Join(ws[1] + "," + ws[2], members.Select(m => m.Name + ws[3] + ":" + ws[4] + m.Value)) + ws[5] + "}";

    private static string FixedDecimal(long units, int decimals)
    {
        decimal value = units / (decimal)Math.Pow(10, decimals);
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>Numbers by the JSON grammar: -? int frac? exp?, including long mantissas and big exponents.</summary>
    private static string Grammar(bool negative, string intDigits, string fracDigits, int exponent, int exponentStyle)
    {
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        string trimmed = intDigits.TrimStart('0');
        sb.Append(trimmed.Length == 0 ? "0" : trimmed);
        if (fracDigits.Length > 0) sb.Append('.').Append(fracDigits);
        if (exponentStyle > 0)
        {
            sb.Append(exponentStyle == 1 ? "e" : "E");
            if (exponentStyle == 3 && exponent >= 0) sb.Append('+');
            sb.Append((exponent * 13).ToString(CultureInfo.InvariantCulture)); // up to +-390: overflow and underflow too
        }
        return sb.ToString();
    }

    /// <summary>Digit strings with a length range: Digits[min, max].</summary>
    private sealed class GenDigits
    {
        public Gen<string> this[int min, int max] => Digit.Array[min, max].Select(chars => new string(chars));
    }

    public static string Quote(string text, Random random)
    {
        var sb = new StringBuilder("\"");
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            int choice = random.Next(4);
            if (c == '"' || c == '\\' || c < 0x20 || choice == 0)
            {
                sb.Append(Escape(c, random));
                if (pair) sb.Append(Escape(text[++i], random));
            }
            else
            {
                sb.Append(c);
                if (pair) sb.Append(text[++i]);
            }
        }
        return sb.Append('"').ToString();
    }

    private static string Escape(char c, Random random)
    {
        string shortForm = c switch
        {
            '"' => "\\\"", '\\' => "\\\\", '/' => "\\/", '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
            _ => "",
        };
        if (shortForm.Length > 0 && random.Next(2) == 0) return shortForm;
        string hex = ((int)c).ToString(random.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture);
        return "\\u" + hex;
    }
}
