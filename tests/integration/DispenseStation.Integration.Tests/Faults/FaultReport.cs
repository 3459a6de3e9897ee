using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace DispenseStation.Integration.Tests.Faults;

/// <summary>
/// Collects the fault table's outcomes during the run and writes bench/results/faults.md when the
/// table's tests end, in table order, so the report is always the last run's and never typed by hand.
/// </summary>
public sealed class FaultReport : IDisposable
{
    private readonly ConcurrentDictionary<string, FaultOutcome> _outcomes = new();

    internal void Add(FaultOutcome outcome) => _outcomes[outcome.Fault + " / " + outcome.When] = outcome;

    public void Dispose()
    {
        if (_outcomes.Count < FaultTable.Rows.Count) return; // a filtered run: the report stays the full run's
        File.WriteAllText(Path.Combine(ResultsDir(), "faults.md"), Render());
        File.WriteAllText(Path.Combine(ResultsDir(), "faults-summary.md"), Summary());
    }

    /// <summary>The README's line: counts only, which do not move between runs of a passing table.</summary>
    private string Summary()
    {
        int passed = _outcomes.Values.Count(o => o.Passed);
        return $"- **Fault table** ([bench/results/faults.md](bench/results/faults.md)): {FaultTable.Rows.Count} faults, each run on the\n"
            + $"  virtual station through the broker and checked for its alarm, time to safe state, record and lost data: {passed} pass.\n";
    }

    private string Render()
    {
        var c = CultureInfo.InvariantCulture;
        var ordered = FaultTable.Rows.Select(r => _outcomes[r.ToString()]).ToList();
        var s = new StringBuilder();
        s.AppendLine("# Station fault table");
        s.AppendLine();
        s.AppendLine("Written by `tests/integration/.../Faults/FaultTableTests` from its own run (do not edit): each row");
        s.AppendLine("ran on a fresh virtual station (firmware core, simulated plant, MQTTnet link) through the broker.");
        s.AppendLine("Times are simulated seconds from the fault: *detected* is the alarm's station timestamp, *safe* is");
        s.AppendLine("when the outputs the row requires off (heater, pumps) were last on; they stayed off after that.");
        s.AppendLine();
        s.AppendLine($"Rows: {ordered.Count}; passed: {ordered.Count(o => o.Passed)}; slowest time to safe state: "
            + $"{ordered.Where(o => o.SafeS.HasValue).Select(o => o.SafeS!.Value).DefaultIfEmpty(0).Max().ToString("F2", c)} s.");
        s.AppendLine();
        s.AppendLine("| fault | when | detected as | detected (s) | safe (s) / bound | outputs off | record | data lost | result |");
        s.AppendLine("| --- | --- | --- | ---: | ---: | --- | --- | --- | --- |");
        foreach (var o in ordered)
        {
            string detect = o.DetectS.HasValue ? o.DetectS.Value.ToString("F2", c) : "–";
            string safe = o.SafeS.HasValue ? o.SafeS.Value.ToString("F2", c) + " / " + o.SafeBoundS.ToString("0.##", c) : "–";
            s.AppendLine($"| {Cell(o.Fault)} | {Cell(o.When)} | {Cell(o.DetectedAs)} | {detect} | {safe} | {o.Outputs} | {Cell(o.Record)} | {o.DataLost} | {(o.Passed ? "pass" : "FAIL: " + Cell(o.Failure))} |");
        }
        return s.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");

    private static string ResultsDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DispenseStation.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "bench", "results");
        Directory.CreateDirectory(path);
        return path;
    }
}
