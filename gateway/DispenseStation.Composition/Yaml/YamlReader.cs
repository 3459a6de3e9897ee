using System.Globalization;
using DispenseStation.Composition.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DispenseStation.Composition.Yaml;

/// <summary>
/// Reads fields from a YAML node tree and collects every error with file, line and field path.
/// Parsers read the whole document, then throw once if anything was wrong (nothing partial escapes).
/// </summary>
internal sealed class YamlReader
{
    private readonly List<InputError> _errors = new();

    private YamlReader(string file) => File = file;

    public string File { get; }

    public bool HasErrors => _errors.Count > 0;

    /// <summary>Parses the text; a syntax error is reported with its line and the reader's root is null.</summary>
    public static (YamlReader Reader, YamlMappingNode? Root) Load(string text, string file)
    {
        var reader = new YamlReader(file);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                reader.Error(1, "(document)", "must be a YAML mapping (key: value pairs)");
                return (reader, null);
            }
            return (reader, root);
        }
        catch (YamlException ex)
        {
            reader.Error((int)ex.Start.Line, "(syntax)", "YAML syntax error: " + Innermost(ex).Message);
            return (reader, null);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser gives up this way when the text ends inside an open flow collection.
            var lastLine = text.TrimEnd().Split('\n').Length;
            reader.Error(lastLine, "(syntax)", "YAML syntax error: document ends inside an unclosed { } or [ ]");
            return (reader, null);
        }
    }

    public void ThrowIfErrors()
    {
        if (HasErrors) throw new CompositionException(_errors.ToArray());
    }

    public void Error(int line, string field, string message) => _errors.Add(new InputError(File, line, field, message));

    public void Error(YamlNode node, string field, string message) => Error(Line(node), field, message);

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    /// <summary>Rejects keys the format does not define, so a typo ("solidWtPercent") is not silently ignored.</summary>
    public void AllowOnly(YamlMappingNode map, string path, params string[] keys)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (Array.IndexOf(keys, name) < 0)
                Error(key, Join(path, name), $"unknown field; allowed here: {string.Join(", ", keys)}");
        }
    }

    public string? String(YamlMappingNode map, string key, string path, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Error(map, Join(path, key), "is required");
            return null;
        }
        if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, Join(path, key), "must be a non-empty text value");
            return null;
        }
        return scalar.Value!.Trim();
    }

    /// <summary>A finite number within [min, max] (or (min, max] when minExclusive).</summary>
    public double? Number(YamlMappingNode map, string key, string path, bool required,
        double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false, string unit = "")
    {
        var node = Get(map, key);
        var field = Join(path, key);
        if (node is null)
        {
            if (required) Error(map, field, "is required");
            return null;
        }
        if (node is YamlScalarNode { Value: ".nan" or ".NaN" or ".NAN" or ".inf" or ".Inf" or "+.inf" or "-.inf" or "-.Inf" } special)
        {
            Error(node, field, $"must be a finite number, got {special.Value}");
            return null;
        }
        if (node is not YamlScalarNode scalar ||
            !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, field, "must be a number");
            return null;
        }
        if (!double.IsFinite(value))
        {
            Error(node, field, $"must be a finite number, got {scalar.Value}");
            return null;
        }
        var belowMin = minExclusive ? value <= min : value < min;
        if (belowMin || value > max)
        {
            Error(node, field, $"{Format(value)}{unit} is outside the allowed range {Range(min, max, minExclusive)}{unit}");
            return null;
        }
        return value;
    }

    public int? Integer(YamlMappingNode map, string key, string path, bool required, int min, int max)
    {
        var value = Number(map, key, path, required, min, max);
        if (value is null) return null;
        if (value != Math.Floor(value.Value))
        {
            Error(Get(map, key)!, Join(path, key), $"must be a whole number, got {Format(value.Value)}");
            return null;
        }
        return (int)value.Value;
    }

    public bool Bool(YamlMappingNode map, string key, string path, bool defaultValue)
    {
        var node = Get(map, key);
        if (node is null) return defaultValue;
        if (node is YamlScalarNode { Value: "true" or "True" or "yes" }) return true;
        if (node is YamlScalarNode { Value: "false" or "False" or "no" }) return false;
        Error(node, Join(path, key), "must be true or false");
        return defaultValue;
    }

    /// <summary>Reads a kebab-case name ("photoacid-generator") as an enum member (PhotoacidGenerator).</summary>
    public T? Enum<T>(YamlMappingNode map, string key, string path, bool required) where T : struct, System.Enum
    {
        var text = String(map, key, path, required);
        if (text is null) return null;
        return ParseEnum<T>(text, Get(map, key)!, Join(path, key));
    }

    public T? ParseEnum<T>(string text, YamlNode node, string field) where T : struct, System.Enum
    {
        foreach (var value in System.Enum.GetValues<T>())
            if (string.Equals(value.ToString(), text.Replace("-", "").Replace("_", ""), StringComparison.OrdinalIgnoreCase))
                return value;
        Error(node, field, $"'{text}' is not one of: {string.Join(", ", System.Enum.GetValues<T>().Select(Kebab))}");
        return null;
    }

    /// <summary>The mapping items of a sequence field, with their paths ("components[2]").</summary>
    public IReadOnlyList<(YamlMappingNode Map, string Path)> Items(YamlMappingNode map, string key, string path, bool required)
    {
        var node = Get(map, key);
        var field = Join(path, key);
        var items = new List<(YamlMappingNode, string)>();
        if (node is null || IsNull(node))
        {
            if (required) Error(map, field, "is required");
            return items;
        }
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, field, "must be a list");
            return items;
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlMappingNode item) items.Add((item, $"{field}[{i}]"));
            else Error(sequence.Children[i], $"{field}[{i}]", "must be a mapping (key: value pairs)");
        }
        if (required && sequence.Children.Count == 0) Error(node, field, "must not be empty");
        return items;
    }

    /// <summary>The scalar items of a sequence field (e.g. a list of names).</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> Scalars(YamlMappingNode map, string key, string path)
    {
        var node = Get(map, key);
        var items = new List<(string, YamlNode)>();
        if (node is null) return items;
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, Join(path, key), "must be a list");
            return items;
        }
        foreach (var child in sequence.Children)
        {
            if (child is YamlScalarNode { Value: { Length: > 0 } v }) items.Add((v.Trim(), child));
            else Error(child, Join(path, key), "list items must be text values");
        }
        return items;
    }

    public YamlMappingNode? Mapping(YamlMappingNode map, string key, string path, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Error(map, Join(path, key), "is required");
            return null;
        }
        if (node is YamlMappingNode m) return m;
        Error(node, Join(path, key), "must be a mapping (key: value pairs)");
        return null;
    }

    public static string Kebab<T>(T value) where T : struct, System.Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Format(double v) => v.ToString("G", CultureInfo.InvariantCulture);

    private static string Range(double min, double max, bool minExclusive)
    {
        var lo = double.IsNegativeInfinity(min) ? "" : (minExclusive ? "> " : ">= ") + Format(min);
        var hi = double.IsPositiveInfinity(max) ? "" : "<= " + Format(max);
        return lo.Length > 0 && hi.Length > 0 ? $"{lo} and {hi}" : lo + hi;
    }

    /// <summary>"key:" with nothing after it, or "~"/"null": the same as leaving the key out.</summary>
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } s
        && (string.IsNullOrEmpty(s.Value) || s.Value is "~" or "null");

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);
}
