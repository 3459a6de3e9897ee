using System.CommandLine;
using DispenseStation.Bench.WaferDown;

var seeds = new Option<int>("--seeds") { Description = "Seeds per case", DefaultValueFactory = _ => 30 };
var output = new Option<string>("--out") { Description = "Where to write the markdown table", DefaultValueFactory = _ => "bench/results/wafer-down.md" };
var root = new RootCommand("Wafer-down detection report: delay, landing error and false triggers over seeds, against a fixed-threshold peer");
root.Options.Add(seeds);
root.Options.Add(output);
root.SetAction(parse =>
{
    var writer = new StringWriter();
    var report = new WaferDownReport(parse.GetValue(seeds));
    report.Write(writer);
    Console.Write(writer.ToString());
    string path = Path.GetFullPath(parse.GetValue(output)!);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, writer.ToString());
    Console.WriteLine($"table: {path}");
    // The README's figures block splices this line (scripts/update-readme-figures.sh); nobody types it.
    string summary = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "-summary.md");
    File.WriteAllText(summary, report.Summary(new DispenseStation.Simulation.BakeJobs.WaferDownScenario().SetpointC) + "\n");
    Console.WriteLine($"summary: {summary}");
    return 0;
});
return root.Parse(args).Invoke();
