namespace DispenseStation.Gateway.Cli;

/// <summary>
/// "did you mean": the nearest name by edit distance (insertions, deletions, substitutions and swaps of neighbours),
/// within a third of the name. System.CommandLine has typo corrections, but private and written straight to the
/// console with colours that ignore NO_COLOR, so the usage errors compute their own.
/// </summary>
public static class Suggestions
{
    public static string? Nearest(string typed, IEnumerable<string> names)
    {
        var bare = typed.TrimStart('-');
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in names)
        {
            var d = Distance(bare.ToLowerInvariant(), name.TrimStart('-').ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (name, d);
        }
        return best is not null && bestDistance <= Math.Max(1, best.TrimStart('-').Length / 3) ? best : null;
    }

    /// <summary>Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
