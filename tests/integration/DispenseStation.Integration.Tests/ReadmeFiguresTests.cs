using System.Text.RegularExpressions;

namespace DispenseStation.Integration.Tests;

/// <summary>
/// The README's figures come from the bench reports: the block between the figures markers must be the
/// reports' summaries (bench/results/*-summary.md, in name order), as scripts/update-readme-figures.sh
/// writes it. A figure typed into the README by hand, or a report re-run without updating the README, fails here.
/// </summary>
[Collection(BenchResults.Collection)]
public sealed class ReadmeFiguresTests
{
    [Fact]
    public void The_README_figures_block_is_the_bench_reports_summaries()
    {
        string root = RepoRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var match = Regex.Match(readme, "<!-- figures:begin -->\n(.*?)\n<!-- figures:end -->", RegexOptions.Singleline);
        Assert.True(match.Success, "README.md lacks the figures markers");
        var summaries = Directory.GetFiles(Path.Combine(root, "bench", "results"), "*-summary.md").OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal).ToList();
        Assert.NotEmpty(summaries);
        string expected = string.Join("\n", summaries.Select(p => File.ReadAllText(p).Trim('\n')));
        Assert.True(expected == match.Groups[1].Value,
            "README figures differ from bench/results/*-summary.md: run scripts/update-readme-figures.sh --splice-only");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DispenseStation.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
