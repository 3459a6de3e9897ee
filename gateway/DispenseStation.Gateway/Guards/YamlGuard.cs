using DispenseStation.Gateway.Orchestration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DispenseStation.Gateway.Guards;

/// <summary>
/// Checks recipe text before the YAML library builds a node tree from it: size, nesting depth and the number of
/// nodes after alias expansion. Building the tree is recursive (deep nesting overflowed the stack) and expands
/// aliases (a 500-byte alias bomb grows 9x per level). The check reads parser events one at a time (no recursion, no
/// tree), after a character scan of flow nesting (<see cref="FlowTooDeep"/>): the library's scanner is not linear in
/// the depth of [ and { (see there).
/// </summary>
public static class YamlGuard
{
    /// <summary>Throws <see cref="RequestRejectedException"/> (413 for size, 400 for shape) naming <paramref name="field"/> and the limit.</summary>
    public static void Check(string yaml, string field, LimitsOptions limits)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(yaml);
        if (bytes > limits.MaxRecipeBytes)
            throw new RequestRejectedException(413, "recipe too large", [new ApiError(field, $"at most {limits.MaxRecipeBytes} bytes (got {bytes})")]);

        if (FlowTooDeep(yaml, limits.MaxYamlDepth) is { } deepLine)
            throw Shape(field, deepLine, $"nested deeper than {limits.MaxYamlDepth} levels");

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

    /// <summary>
    /// The line where flow collections ([ and {) open deeper than <paramref name="max"/>, read from the characters alone,
    /// or null. YamlDotNet's scanner keeps a possible simple key per open flow level and re-checks all of them for every
    /// token it reads ahead (up to 1024 characters), so text nested thousands of levels deep costs it depth x look-ahead
    /// steps before the event loop above sees the first few levels: in a profile of the bad-request flood that scan of
    /// the 70 KB nested payload was the gateway's largest single CPU cost.
    /// Comments and quoted scalars (a quote after a space, a line start, [, {, a comma or a colon) are skipped; all other
    /// brackets count. So the depth read here can exceed the real one only for text with unmatched brackets in plain or
    /// block scalars, or with a quote right after a comma or colon inside a plain scalar: more than
    /// <paramref name="max"/> levels of either in a recipe is not an honest recipe.
    /// </summary>
    internal static int? FlowTooDeep(string yaml, int max)
    {
        int depth = 0, line = 1;
        char quote = '\0', previous = '\n';
        bool comment = false;
        for (var i = 0; i < yaml.Length; i++)
        {
            var c = yaml[i];
            if (c == '\n')
            {
                line++;
                comment = false;
            }
            if (comment) continue;
            if (quote != '\0')
            {
                if (quote == '"' && c == '\\' && i + 1 < yaml.Length)
                {
                    // An escaped character, possibly an escaped line break.
                    if (yaml[++i] == '\n') line++;
                }
                else if (quote == '\'' && c == '\'' && i + 1 < yaml.Length && yaml[i + 1] == '\'') i++; // '' is a quote inside
                else if (c == quote) quote = '\0';
                previous = c;
                continue;
            }
            switch (c)
            {
                case '#' when char.IsWhiteSpace(previous):
                    comment = true;
                    break;
                case '"' or '\'' when char.IsWhiteSpace(previous) || previous is '[' or '{' or ',' or ':':
                    quote = c;
                    break;
                case '[' or '{':
                    if (++depth > max) return line;
                    break;
                case ']' or '}':
                    if (depth > 0) depth--;
                    break;
            }
            previous = c;
        }
        return null;
    }

    private static RequestRejectedException Shape(string field, long line, string rule) =>
        new(400, "recipe refused before parsing", [new ApiError(field, rule, (int)line)]);
}
