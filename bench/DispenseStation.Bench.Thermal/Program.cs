using System.CommandLine;
using DispenseStation.Bench.Thermal;

var pngOption = new Option<string>("--png")
{
    Description = "Where to write the plot of temperature, setpoint and duty (the other plots go next to it)",
    DefaultValueFactory = _ => Path.Combine("artifacts", "bench", "thermal.png"),
};
var seedOption = new Option<int>("--seed")
{
    Description = "Seed of the single-seed step/hold/two-step/fault report",
    DefaultValueFactory = _ => 42,
};
var seedsOption = new Option<int>("--seeds")
{
    Description = "Number of seeds of the wafer bench (1..n)",
    DefaultValueFactory = _ => 8,
};
var resultsOption = new Option<string>("--results")
{
    Description = "Folder for thermal.md and thermal-summary.md",
    DefaultValueFactory = _ => Path.Combine("bench", "results"),
};
var root = new RootCommand("Hotplate control quality in simulation: project vs Ziegler-Nichols, Klipper and ESPHome PIDs");
root.Options.Add(pngOption);
root.Options.Add(seedOption);
root.Options.Add(seedsOption);
root.Options.Add(resultsOption);
root.SetAction(parse =>
{
    int seed = parse.GetValue(seedOption);
    var report = ThermalReport.Run(seed);
    var wafer = WaferReport.Run(parse.GetValue(seedsOption));
    Console.Write(wafer.Table());
    Console.WriteLine();
    Console.Write(report.Table);
    string png = Path.GetFullPath(parse.GetValue(pngOption)!);
    string dir = Path.GetDirectoryName(png)!;
    string stem = Path.GetFileNameWithoutExtension(png);
    ThermalPlot.Save(report, png);
    ThermalPlot.SaveTwoStep(report, Path.Combine(dir, stem + "-two-step.png"));
    WaferPlot.SaveDrop(wafer, Path.Combine(dir, stem + "-drop.png"));
    WaferPlot.SaveCycle(wafer, Path.Combine(dir, stem + "-25-wafers.png"));
    Console.WriteLine($"plots: {dir}");
    string results = parse.GetValue(resultsOption)!;
    Directory.CreateDirectory(results);
    File.WriteAllText(Path.Combine(results, "thermal.md"), ResultsDocument.Thermal(wafer, report, seed));
    File.WriteAllText(Path.Combine(results, "thermal-summary.md"), wafer.Summary());
    Console.WriteLine($"results: {Path.GetFullPath(results)}");
    return report.ProjectBeatsBaseline ? 0 : 1;
});
return root.Parse(args).Invoke();
