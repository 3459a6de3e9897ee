using DispenseStation.Gateway.Orchestration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DispenseStation.Gateway.Guards;

/// <summary>
/// Checks recipe text before the YAML library builds a node tree from it: size, nesting depth and the number of
/// nodes after alias expansion. The scan reads parser events one at a time (no recursion, no tree), so it costs
/// time linear in the text however the text is shaped; building the tree is recursive (deep nesting overflowed the
/// stack) and expands aliases (a 500-byte alias bomb grows 9x per level).
/// </summary>
public static class YamlGuard
{
    /// <summary>Throws <see cref="RequestRejectedException"/> (413 for size, 400 for shape) naming <paramref name="field"/> and the limit.</summary>
    public static void Check(string yaml, string field, LimitsOptions limits)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(yaml);
        if (bytes > limits.MaxRecipeBytes)
            throw new RequestRejectedException(413, "recipe too large", [new ApiError(field, $"at most {limits.MaxRecipeBytes} bytes (got {bytes})")]);

        var parser = new Parser(new StringReader(yaml));
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long NodesAtStart)>();
        long nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        var start = (NodeEvent)parser.Current;
                        Count(1, start);
                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, nodes - 1));
                        if (open.Count > limits.MaxYamlDepth)
                            throw Shape(field, start.Start.Line, $"nested deeper than {limits.MaxYamlDepth} levels");
                        break;
                    case MappingEnd or SequenceEnd:
                        var (anchor, atStart) = open.Pop();
                        if (anchor is not null) anchors[anchor] = nodes - atStart;
                        break;
                    case Scalar s:
                        Count(1, s);
                        if (!s.Anchor.IsEmpty) anchors[s.Anchor.Value] = 1;
                        break;
                    case AnchorAlias a:
                        Count(anchors.GetValueOrDefault(a.Value.Value, 1), a);
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Not well-formed: the recipe parser reports the syntax error with its line. Nothing deep was built here.
        }

        void Count(long n, ParsingEvent at)
        {
            nodes += n;
            if (nodes > limits.MaxYamlNodes)
                throw Shape(field, at.Start.Line, $"expands to more than {limits.MaxYamlNodes} YAML nodes (aliases count as copies of what they name)");
        }
    }

    private static RequestRejectedException Shape(string field, long line, string rule) =>
        new(400, "recipe refused before parsing", [new ApiError(field, rule, (int)line)]);
}
