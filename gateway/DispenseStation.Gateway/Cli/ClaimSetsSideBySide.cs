using DispenseStation.Composition.Claims;
using Spectre.Console;

namespace DispenseStation.Gateway.Cli;

/// <summary>validate --all: one row per claim number, one column per claim set, then each set's verdict.</summary>
internal static class ClaimSetsSideBySide
{
    /// <summary>Prints the table; exit 0 when the recipe is compliant with at least one claim set, 1 otherwise.</summary>
    public static int Write(string recipeName, string namedClaimSet, IReadOnlyList<ValidationReport> reports, bool details)
    {
        var table = new Table().Title($"{Markup.Escape(recipeName)} against every claim set (recipe names {namedClaimSet})").AddColumn("claim");
        foreach (var r in reports) table.AddColumn(r.ClaimSetId == namedClaimSet ? $"[bold]{r.ClaimSetId}[/]" : r.ClaimSetId);
        var most = reports.Max(r => r.Claims.Count);
        for (var n = 1; n <= most; n++)
        {
            var row = new List<string> { n.ToString() };
            foreach (var r in reports)
                row.Add(r.Claims.FirstOrDefault(c => c.Claim == n) is { } c ? OfflineCommands.StatusMarkup(c.Status.ToString()) : "");
            table.AddRow(row.ToArray());
        }
        table.AddRow(new[] { "[bold]verdict[/]" }.Concat(reports.Select(r => OfflineCommands.StatusMarkup(r.Verdict.ToString()))).ToArray());
        AnsiConsole.Write(table);
        if (details)
            foreach (var r in reports)
            {
                AnsiConsole.MarkupLine($"[bold]{r.ClaimSetId}[/]: {OfflineCommands.StatusMarkup(r.Verdict.ToString())}");
                foreach (var c in r.Claims.Where(c => c.Status != ClaimStatus.NotApplicable))
                    AnsiConsole.MarkupLine($"  claim {c.Claim} {OfflineCommands.StatusMarkup(c.Status.ToString())}: {Markup.Escape(c.Message)}");
            }
        return reports.Any(r => r.Verdict == Verdict.Compliant) ? 0 : 1;
    }
}
