using System.CommandLine;
using DispenseStation.Bench.Thermal;

var pngOption = new Option<string>("--png")
{
    Description = "Where to write the plot of temperature, setpoint and duty",
    DefaultValueFactory = _ => Path.Combine("artifacts", "bench", "thermal.png"),
};
var seedOption = new Option<int>("--seed")
{
    Description = "Seed of the simulated sensor noise",
    DefaultValueFactory = _ => 42,
};
var root = new RootCommand("Hotplate control quality: project controller vs Ziegler-Nichols PID, in simulation");
root.Options.Add(pngOption);
root.Options.Add(seedOption);
root.SetAction(parse =>
{
    var report = ThermalReport.Run(parse.GetValue(seedOption));
    Console.Write(report.Table);
    string png = parse.GetValue(pngOption)!;
    ThermalPlot.Save(report, png);
    Console.WriteLine($"plot: {Path.GetFullPath(png)}");
    string twoStepPng = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(png))!, Path.GetFileNameWithoutExtension(png) + "-two-step.png");
    ThermalPlot.SaveTwoStep(report, twoStepPng);
    Console.WriteLine($"plot: {twoStepPng}");
    return report.ProjectBeatsBaseline ? 0 : 1;
});
return root.Parse(args).Invoke();
