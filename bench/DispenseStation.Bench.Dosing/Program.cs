using System.CommandLine;
using DispenseStation.Bench.Dosing;

var png = new Option<string>("--png") { Description = "Where to write the plot of weight and pump speed over a dose", DefaultValueFactory = _ => "artifacts/bench/dosing.png" };
var seed = new Option<int>("--seed") { Description = "Seed of the simulated plant", DefaultValueFactory = _ => 1 };
var commissioning = new Option<int>("--commissioning") { Description = "Batches the project doser runs first to learn its in-flight values", DefaultValueFactory = _ => 3 };
var plotChannel = new Option<string>("--plot-channel") { Description = "Channel whose dose is plotted", DefaultValueFactory = _ => "crosslinker" };

var root = new RootCommand("Dosing quality report: the project's doser against a naive fast and a slow single-speed doser on the simulated plant");
root.Options.Add(png);
root.Options.Add(seed);
root.Options.Add(commissioning);
root.Options.Add(plotChannel);
root.SetAction(parse =>
{
    var report = new DosingReport(parse.GetValue(seed), parse.GetValue(commissioning));
    report.PrintComparison(Console.Out);
    report.PrintConvergence(Console.Out);
    string path = Path.GetFullPath(parse.GetValue(png)!);
    report.PlotDose(parse.GetValue(plotChannel)!, path);
    Console.WriteLine($"plot: {path}");
    return 0;
});
return root.Parse(args).Invoke();
