using System.CommandLine;
using DispenseStation.Bench.Dosing;
using DispenseStation.Simulation.Dosing;

var png = new Option<string>("--png") { Description = "Where to write the plot of weight and pump speed over a dose", DefaultValueFactory = _ => "artifacts/bench/dosing.png" };
var seeds = new Option<int>("--seeds") { Description = "Seeds of the simulated plant per sweep cell", DefaultValueFactory = _ => 12 };
var inARow = new Option<int>("--doses-in-a-row") { Description = "Doses per channel and seed (the first one learns)", DefaultValueFactory = _ => 3 };
var results = new Option<string>("--results") { Description = "Folder for dosing.md and dosing-summary.md", DefaultValueFactory = _ => "bench/results" };
var plotChannel = new Option<string>("--plot-channel") { Description = "Channel whose dose is plotted", DefaultValueFactory = _ => "crosslinker" };

var batchOnly = new Option<bool>("--batch-only") { Description = "Run only the 100 g batch and print its time breakdown (writes no results)" };

var faultsOnly = new Option<bool>("--faults-only") { Description = "Run only the injected faults and print their table (writes no results)" };

var traceChannel = new Option<string?>("--trace") { Description = "Print a 0.1 s trace of this channel's batch dose (project and peer, seed 1, after one commissioning batch) and stop" };

var root = new RootCommand("Dosing report: the project's doser against an industrial two-speed batching controller on the station's balance");
root.Options.Add(png);
root.Options.Add(seeds);
root.Options.Add(inARow);
root.Options.Add(results);
root.Options.Add(plotChannel);
root.Options.Add(batchOnly);
root.Options.Add(traceChannel);
root.Options.Add(faultsOnly);
root.SetAction(parse =>
{
    var plant = DosingPlantParameters.LoadDefault().WeighedBy("balance");
    int[] seedList = Enumerable.Range(1, parse.GetValue(seeds)).ToArray();
    if (parse.GetValue(traceChannel) is { } traced)
    {
        DoseTrace.Print(Console.Out, plant, traced);
        return 0;
    }
    if (parse.GetValue(faultsOnly))
    {
        Console.Write(FaultInjection.Table(FaultInjection.Run(plant, seedList), seedList.Length));
        return 0;
    }
    if (parse.GetValue(batchOnly))
    {
        var only = new ResultsWriter(plant, seedList, parse.GetValue(inARow), [], [], BatchComparison.Run(plant, seedList), (0, 0), []);
        Console.Write(only.BatchStages());
        Console.Write(only.BatchTable());
        return 0;
    }
    var sweep = new SweepReport(plant, seedList, parse.GetValue(inARow));
    var project = sweep.Run(DosingStations.Project, "project");
    var peer = sweep.Run(DosingStations.TwoSpeedPeer, "peer");
    var batches = BatchComparison.Run(plant, seedList);
    var alloc = TickAllocation.Measure(plant);
    var faults = FaultInjection.Run(plant, seedList);
    var md = new ResultsWriter(plant, seedList, parse.GetValue(inARow), project, peer, batches, alloc, faults);
    string folder = parse.GetValue(results)!;
    Directory.CreateDirectory(folder);
    File.WriteAllText(Path.Combine(folder, "dosing.md"), md.Full());
    File.WriteAllText(Path.Combine(folder, "dosing-summary.md"), md.Summary());
    Console.Write(md.Full());

    var report = new DosingReport(plant, 1, 1);
    report.PrintConvergence(Console.Out);
    string path = Path.GetFullPath(parse.GetValue(png)!);
    report.PlotDose(parse.GetValue(plotChannel)!, path);
    Console.WriteLine($"plot: {path}");
    return 0;
});
return root.Parse(args).Invoke();
