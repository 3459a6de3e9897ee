using DiffPlex;
using DiffPlex.Chunkers;

namespace DispenseStation.Gateway.Editor;

/// <summary>One line of a diff: "same", "removed" (only in the older text) or "added" (only in the newer), with its 1-based line numbers.</summary>
public sealed record DiffLine(string Kind, int? OldLine, int? NewLine, string Text);

/// <summary>A line diff between two versions of a text: every line of both, in order, and how many were added and removed.</summary>
public sealed record TextDiff(int Added, int Removed, IReadOnlyList<DiffLine> Lines);

/// <summary>Line diff of two YAML texts with DiffPlex (Myers' algorithm); whitespace counts, since YAML indentation is meaning.</summary>
public static class LineDiff
{
    public static TextDiff Of(string older, string newer)
    {
        // The newline that ends the last line would be an empty line of its own; whether it is there is not shown.
        var result = Differ.Instance.CreateDiffs(WithoutFinalNewline(older), WithoutFinalNewline(newer), ignoreWhiteSpace: false, ignoreCase: false, new LineChunker());
        var a = result.PiecesOld;
        var b = result.PiecesNew;
        var lines = new List<DiffLine>();
        int i = 0, j = 0, added = 0, removed = 0;
        void Same(int untilA)
        {
            while (i < untilA) { lines.Add(new DiffLine("same", i + 1, j + 1, a[i])); i++; j++; }
        }
        foreach (var block in result.DiffBlocks)
        {
            Same(block.DeleteStartA);
            for (int k = 0; k < block.DeleteCountA; k++, i++, removed++) lines.Add(new DiffLine("removed", i + 1, null, a[i]));
            for (int k = 0; k < block.InsertCountB; k++, j++, added++) lines.Add(new DiffLine("added", null, j + 1, b[j]));
        }
        Same(a.Count);
        return new TextDiff(added, removed, lines);
    }

    private static string WithoutFinalNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
}
