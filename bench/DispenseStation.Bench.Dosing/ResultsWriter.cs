using System.Globalization;
using System.Text;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>Writes bench/results/dosing.md and the short dosing-summary.md from the measured runs; no figure is typed in.</summary>
public sealed class ResultsWriter(DosingPlantParameters plant, int[] seeds, int inARow, List<SweepDose> project, List<SweepDose> peer,
    List<BatchComparison.Result> batches, (long ticks, long bytes) alloc, List<FaultInjection.Row> faults)
{
    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private double SmallSdRatio()
    {
        var a = project.Where(d => d.Target <= 0.5 && d.Cp == 1).ToList();
        var b = peer.Where(d => d.Target <= 0.5 && d.Cp == 1).ToList();
        return SweepReport.Sd(a) / SweepReport.Sd(b);
    }

    private (double median, double min, double max) BatchTimeRatio()
    {
        var r = batches.Select(b => b.ProjectS / b.PeerS).Order().ToList();
        return (r[r.Count / 2], r[0], r[^1]);
    }

    private static string Accepted(List<SweepDose> d) => SweepReport.InTol(d.Where(x => x.Feasible));

    private double SlowestMedianS()
    {
        var t = project.Where(d => d.Cp == SweepReport.Viscosities[^1] && d.Feasible && d.Index > 0).Select(d => d.Outcome.DurationS).Order().ToList();
        return t.Count == 0 ? double.NaN : t[t.Count / 2];
    }

    public string Summary()
    {
        var (median, min, max) = BatchTimeRatio();
        var viscous = project.Where(d => d.Cp >= 200 && d.Feasible).ToList();
        var viscousPeer = peer.Where(d => d.Cp >= 200 && d.Feasible).ToList();
        var w = new StringBuilder();
        w.AppendLine(Inv($"- Dosing bench on the simulated {plant.Balance!.Model} balance: {project.Count} doses per controller (0.02-80 g, {string.Join('/', SweepReport.Viscosities)} cP, {seeds.Length} seeds, {inARow} in a row); doses the planner accepts in tolerance from the 2nd dose: project {Accepted(project)}, two-speed industrial peer {Accepted(peer)}."));
        w.AppendLine(Inv($"- Doses <= 0.5 g at 1 cP: error SD project/peer = {SmallSdRatio():F2} (target <= 0.5)."));
        w.AppendLine(Inv($"- 200, 1000 and 5000 cP, accepted doses from the 2nd: project {SweepReport.InTol(viscous)}, peer {SweepReport.InTol(viscousPeer)}; project median time per accepted dose at 5000 cP {SlowestMedianS():F0} s (flow limited by the tube's refill, Hagen-Poiseuille)."));
        w.AppendLine(Inv($"- 100 g resist batch time project/peer: median {median:F2} (range {min:F2}-{max:F2}) over {batches.Count} seeds (target <= 0.8); in tolerance project {batches.Sum(b => b.ProjectInTol)}/{batches.Sum(b => b.Count)}, peer {batches.Sum(b => b.PeerInTol)}/{batches.Sum(b => b.Count)}."));
        w.AppendLine(Inv($"- Doser tick allocation: {alloc.bytes} bytes over {alloc.ticks} ticks."));
        if (faults.Count > 0) w.AppendLine(FaultInjection.SummaryLine(faults, seeds.Length));
        return w.ToString();
    }

    private static string Range(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return Inv($"{v[v.Count / 2]:F1} ({v[0]:F1}-{v[^1]:F1})");
    }

    /// <summary>Where the batch time goes, per stage and per channel, project against peer.</summary>
    public string BatchStages()
    {
        var w = new StringBuilder();
        w.AppendLine(Inv($"## Where the 100 g batch time goes (median and range over {batches.Count} seeds, seconds per batch)"));
        w.AppendLine();
        w.AppendLine("Stages as the bench accounts them from each controller's state every 10 ms tick: *tare* waits for a stable start weight; *fast feed* is full speed; *slow feed / dribble* covers the slow, dribble and fine feeds; after the cut-off, *in-flight wait* lasts while the pump still turns or the liquid on its way to the bottle (the plant's truth) is more than a tenth of the tolerance, and *stable-weight wait* is the rest until the controller accepts a stable weight; *top-up / jog + verify* is every pulse after the first verify and its settle.");
        w.AppendLine();
        w.AppendLine("| stage | project s | peer s |");
        w.AppendLine("| --- | ---: | ---: |");
        var p = batches.Select(b => BatchComparison.Result.Stages(b.Project)).ToList();
        var q = batches.Select(b => BatchComparison.Result.Stages(b.Peer)).ToList();
        for (int i = 0; i < DoseStageTimes.Names.Length; i++)
            w.AppendLine(Inv($"| {DoseStageTimes.Names[i]} | {Range(p.Select(x => x[i]))} | {Range(q.Select(x => x[i]))} |"));
        w.AppendLine(Inv($"| **batch** | {Range(batches.Select(b => b.ProjectS))} | {Range(batches.Select(b => b.PeerS))} |"));
        w.AppendLine();
        // What bounds the ratio: the pump-limited fast feed and the liquid still landing after the cut cost both
        // controllers the same; the peer's stable-start wait is most of what separates them.
        var noTare = batches.Select(b => (b.ProjectS - BatchComparison.Result.Stages(b.Project)[0]) / (b.PeerS - BatchComparison.Result.Stages(b.Peer)[0])).Order().ToList();
        var floor = batches.Select(b => { var x = BatchComparison.Result.Stages(b.Project); return (x[1] + x[3]) / b.ProjectS; }).Order().ToList();
        w.AppendLine(Inv($"What bounds it: the fast feed (the pumps at full speed) and the in-flight wait (liquid still landing after the cut) are physics both controllers pay alike; they are {floor[floor.Count / 2] * 100:F0} % ({floor[0] * 100:F0}-{floor[^1] * 100:F0} %) of the project's batch. The rest is the dribble that makes the small doses' accuracy, the balance's settling to a stable weight and top-ups. Without the stable-start (tare) wait on both sides the project/peer ratio would be {noTare[noTare.Count / 2]:F2} ({noTare[0]:F2}-{noTare[^1]:F2}): the peer, as the indicators describe it, restarts its 1 s motion test at every start, the project reuses the stable weight that verified the previous dose as the next tare."));
        w.AppendLine();
        w.AppendLine("Per channel, median over seeds (seconds: total, then tare / fast / slow+dribble / in-flight / stable wait / top-up):");
        w.AppendLine();
        w.AppendLine("| channel | g | project total | project stages | peer total | peer stages |");
        w.AppendLine("| --- | ---: | ---: | --- | ---: | --- |");
        foreach (var c in ReferenceStation.ResistBatch)
        {
            var a = batches.Select(b => b.Project.Single(o => o.Channel == c.Channel)).ToList();
            var b2 = batches.Select(b => b.Peer.Single(o => o.Channel == c.Channel)).ToList();
            w.AppendLine(Inv($"| {c.Channel} | {c.TargetGrams} | {Median(a.Select(o => o.DurationS)):F1} | {StageMedians(a)} | {Median(b2.Select(o => o.DurationS)):F1} | {StageMedians(b2)} |"));
        }
        w.AppendLine();
        return w.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v[v.Count / 2];
    }

    private static string StageMedians(List<DoseOutcome> doses) =>
        string.Join(" / ", Enumerable.Range(0, DoseStageTimes.Names.Length).Select(i => Median(doses.Select(o => o.Stages.ToArray()[i])).ToString("F1", CultureInfo.InvariantCulture)));

    public string Full()
    {
        var w = new StringBuilder();
        w.AppendLine("# Dosing bench");
        w.AppendLine();
        w.AppendLine("Written by `dotnet run -c Release --project bench/DispenseStation.Bench.Dosing`; every figure below comes from that run.");
        w.AppendLine(Inv($"Plant: `hardware/plant/dosing.json` weighed by its `balance` ({plant.Balance!.Model}, readability {plant.Balance.ReadabilityGrams * 1000:F1} mg, repeatability {plant.Balance.RepeatabilityGrams * 1000:F1} mg, {plant.Balance.UpdatesPerSecond} readings/s). Seeds {string.Join(", ", seeds)}; {inARow} doses in a row per channel and seed, a fresh station per seed."));
        w.AppendLine("Errors are judged by the plant's true delivered mass. Tolerance is 1 % of the dose where the planner's `DoseFeasibility` accepts it (2-sigma error <= 1 %); refused doses are run at the 2-sigma error the scale and nozzle can achieve and are not counted as accepted.");
        w.AppendLine("Peer: `TwoSpeedBatchController`, coarse/fine feed with auto-preact (mean overrun of the last 4 doses), jog pulses and a 1 s motion-band stable criterion, as Rice Lake 920i, Mettler Toledo IND690 and Siemens SIWAREX describe; its fine speed is the project's dribble speed.");
        w.AppendLine();
        w.AppendLine("## Summary");
        w.AppendLine();
        w.Append(Summary());
        w.AppendLine();
        w.AppendLine("Reading the table: rows the planner refuses are run at the 2-sigma error the balance and nozzle can reach (5.4 mg), for information; the plant models discrete nozzle drops but runs the shipped channels without them until the doser counts them (hardware/plant/dosing.md), so they land better than the planner assumes. The peer as tuned here overfills most viscous doses (its coarse cut cannot see the long drain of a 200-5000 cP line); its 1 cP rows and the batch are the fair comparison.");
        w.AppendLine();
        w.AppendLine("## Sweep");
        w.AppendLine();
        w.Append(SweepReport.Table(project, peer));
        w.AppendLine();
        w.AppendLine("## Faults of the sweep (doses that did not end in success)");
        w.AppendLine();
        w.AppendLine("| controller | dose g | cP | seed | # | fault | true error mg |");
        w.AppendLine("| --- | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var d in project.Concat(peer).Where(d => !d.Outcome.Succeeded))
            w.AppendLine(Inv($"| {d.Controller} | {d.Target} | {d.Cp} | {d.Seed} | {d.Index + 1} | {d.Outcome.Fault} | {d.Outcome.TrueErrorGrams * 1000:F1} |"));
        w.AppendLine();
        w.Append(BatchStages());
        w.Append(BatchTable());
        w.AppendLine();
        w.Append(FaultInjection.Table(faults, seeds.Length));
        return w.ToString();
    }

    public string BatchTable()
    {
        var w = new StringBuilder();
        var (median, min, max) = BatchTimeRatio();
        w.AppendLine("## 100 g resist batch (after one commissioning batch each)");
        w.AppendLine();
        w.AppendLine(Inv($"Time project/peer: median {median:F2} (range {min:F2}-{max:F2}) over {batches.Count} seeds."));
        w.AppendLine();
        w.AppendLine("| seed | project s | peer s | ratio | project in tol | peer in tol |");
        w.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var b in batches)
            w.AppendLine(Inv($"| {b.Seed} | {b.ProjectS:F1} | {b.PeerS:F1} | {b.ProjectS / b.PeerS:F2} | {b.ProjectInTol}/{b.Count} | {b.PeerInTol}/{b.Count} |"));
        return w.ToString();
    }
}
