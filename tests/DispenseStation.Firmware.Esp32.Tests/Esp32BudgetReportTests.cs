using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Bake;
using DispenseStation.Protocol.Messages;
using DispenseStation.Simulation.BakeJobs;
using DispenseStation.Simulation.Thermal;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// Writes hardware/esp32-budget.md, the figures hardware/BUDGET.md relies on, from what this test
/// computes (never typed by hand): the managed heap the ESP32 station takes at start-up under
/// nanoFramework's 12-byte heap-block model (HeapModel), M2Mqtt's bounded in-flight queue, and the
/// runtime tables nanoCLR allocates for each loaded assembly (AssemblyTables, rows read from the
/// gate's nanoFramework builds), against the low end of an ESP32-WROOM's managed heap (80 KB) and
/// the issue-11 target (start-up allocation + tables within 60 KB). Also the control tick's time,
/// mean and worst, on .NET in the simulation, with the worker thread parsing a recipe and writing
/// the durable records to a slow flash stand-in meanwhile (issue 11: worst tick within 5 ms of the
/// 20 ms period). Rows marked "estimate" are models stated in the code.
/// </summary>
[Collection("M2Mqtt stand-in")]
public class Esp32BudgetReportTests(ITestOutputHelper output)
{
    private const int HeapLowEndBytes = 80 * 1024;
    private const int TargetBytes = 60 * 1024;
    private const int Block = 12;
    private const int TopTypes = 15;

    /// <summary>Threads the application runs: loop (main), 2 samplers, the station worker (command
    /// parsing, flash writes), network start, MQTT connection, and M2Mqtt's receive and keep-alive
    /// threads. Estimate per thread (CLR_RT_Thread and its first stack frames come from the managed
    /// heap): not measured.</summary>
    private const int ThreadCount = 8;
    private const int ThreadBytesEstimate = 512;

    [Fact]
    public void Start_up_heap_and_assembly_tables_fit_the_target_against_the_80_KB_low_end()
    {
        new SimulatedEsp32Station().Assemble(); // warm-up: one-time statics are not the station's heap
        var sim = new SimulatedEsp32Station();
        sim.Assemble();
        HeapModel.Totals station = HeapModel.Measure(sim.Station, sim.Hardware);

        var link = new MqttLink(new MqttSettings { Host = "broker", ClientId = SimulatedEsp32Station.Id }, new TestClock(), 16, "t",
            DispenseStation.Protocol.Messages.StateMessage.OfflineWillText(SimulatedEsp32Station.Id),
            new[] { DispenseStation.Protocol.Topics.CommandFilter(SimulatedEsp32Station.Id) });
        HeapModel.Totals linkModel = HeapModel.Measure(link, new TestClock());

        int inflight = new MqttSettings().InflightLimit;
        long perInflight = InflightMessageBytes(sim.Station.Config.MaxMessageBytes);
        long m2mqtt = inflight * perInflight;
        long threads = ThreadCount * ThreadBytesEstimate;

        string nano = Path.Combine(AppContext.BaseDirectory, "nano");
        var own = new AssemblyTables.Rows();
        own.Add(AssemblyTables.Count(Path.Combine(nano, "DispenseStation.Firmware.dll")));
        own.Add(AssemblyTables.Count(Path.Combine(nano, "DispenseStation.Protocol.dll")));
        own.Add(AssemblyTables.Count(Path.Combine(nano, "DispenseStation.Firmware.Esp32.Gate.dll"), "DispenseStation."));
        // The .nfproj links everything into one assembly: one header, not three.
        long ownTables = own.Bytes;
        var coreProtocol = new AssemblyTables.Rows();
        coreProtocol.Add(AssemblyTables.Count(Path.Combine(nano, "DispenseStation.Firmware.dll")));
        coreProtocol.Add(AssemblyTables.Count(Path.Combine(nano, "DispenseStation.Protocol.dll")));
        long mscorlibTables = AssemblyTables.Count(Path.Combine(nano, "mscorlib.dll")).Bytes;

        long startUp = station.NanoBytes + linkModel.NanoBytes + m2mqtt + threads;
        long total = startUp + ownTables + mscorlibTables;

        var rows = new List<(string What, long Bytes, string How)>
        {
            ("station core (StationAssembly: runtime, outbox of " + sim.Station.Config.OutboxCapacity + " messages in a " + sim.Station.Config.OutboxBytes
                + " B ring, recipe buffer " + sim.Station.Config.MaxRecipeBytes + " B, scale, doser, hotplate)", station.NanoBytes,
                "object graph walked, nanoFramework heap-block model (" + station.Objects + " objects)"),
            ("MqttLink (16-slot receive queue, backoff, subscriptions, will)", linkModel.NanoBytes, "object graph walked, same model"),
            ("M2Mqtt in-flight queue, " + inflight + " QoS 1 messages at most (mqtt.inflight) x " + perInflight + " B", m2mqtt,
                "model: MqttMsgPublish (16 fields) + its UserProperties ArrayList + MqttMsgContext (5 fields) + a payload of MaxMessageBytes"),
            ("threads (" + ThreadCount + ")", threads, "estimate, " + ThreadBytesEstimate + " B each"),
            ("application assembly tables (core + protocol + drivers + app, one assembly)", ownTables,
                own.TypeDefs + " types, " + own.MethodDefs + " methods, " + own.FieldDefs + " fields (" + own.StaticFields + " static), "
                + (own.TypeRefs + own.MethodRefs + own.FieldRefs) + " references; nanoCLR cross-reference sizes"),
            ("mscorlib assembly tables", mscorlibTables, "same, rows of nanoFramework.CoreLibrary 1.17.11's mscorlib.dll"),
        };

        var md = new StringBuilder();
        md.AppendLine("# ESP32 start-up heap: computed figures");
        md.AppendLine();
        md.AppendLine("Written by `tests/DispenseStation.Firmware.Esp32.Tests/Esp32BudgetReportTests` on every run (do not edit);");
        md.AppendLine("`hardware/BUDGET.md` explains the model. Bytes under nanoFramework's 12-byte heap blocks.");
        md.AppendLine();
        md.AppendLine("| managed heap at start-up | bytes | how |");
        md.AppendLine("| --- | ---: | --- |");
        foreach (var r in rows) md.AppendLine("| " + r.What + " | " + r.Bytes.ToString("N0", CultureInfo.InvariantCulture) + " | " + r.How + " |");
        md.AppendLine("| **total** | **" + total.ToString("N0", CultureInfo.InvariantCulture) + "** | target <= " + TargetBytes.ToString("N0", CultureInfo.InvariantCulture) + " B (60 KB) |");
        md.AppendLine();
        md.AppendLine("- Margin against the 80 KB low end of an ESP32-WROOM's managed heap: **" + (HeapLowEndBytes - total).ToString("N0", CultureInfo.InvariantCulture)
            + " B** (" + (100.0 * (HeapLowEndBytes - total) / HeapLowEndBytes).ToString("F0", CultureInfo.InvariantCulture) + " %), for per-message objects, the sampler bindings' per-read arrays and Wi-Fi.");
        md.AppendLine("- Core + protocol tables alone: " + coreProtocol.Bytes.ToString("N0", CultureInfo.InvariantCulture) + " B (as two assemblies).");
        md.AppendLine("- Not in the managed heap: a TLS connection's ≈ 33 KB of mbedTLS buffers come from the native pool (DESIGN section 8).");
        md.AppendLine("- Not counted: the tables of the other nanoFramework libraries the image loads (M2Mqtt, System.Net, System.Device.*, bindings):");
        md.AppendLine("  their assemblies are not available here; the device's `heap:` boot line (free heap at Main) already has them subtracted.");
        md.AppendLine("- Target (start-up allocation + tables <= 60 KB): **" + (total <= TargetBytes ? "met" : "not met, " + (total - TargetBytes).ToString("N0", CultureInfo.InvariantCulture) + " B over") + "**.");
        md.AppendLine();
        md.AppendLine("## Station core: the largest contributors");
        md.AppendLine();
        md.AppendLine("| type | objects | bytes |");
        md.AppendLine("| --- | ---: | ---: |");
        foreach (var (type, (count, bytes)) in station.ByType.OrderByDescending(p => p.Value.Bytes).Take(TopTypes))
            md.AppendLine("| `" + type + "` | " + count + " | " + bytes.ToString("N0", CultureInfo.InvariantCulture) + " |");
        WriteReport("esp32-budget.md", md.ToString());
        output.WriteLine(md.ToString());

        // The figures are what they say: the walk accounts for the construction, the rows are real.
        Assert.Equal(total, rows.Sum(r => r.Bytes));
        Assert.Equal(station.NanoBytes, station.ByType.Values.Sum(v => v.Bytes));
        Assert.True(station.NanoBytes > 0 && ownTables > 0 && mscorlibTables > 0 && own.TypeDefs > coreProtocol.TypeDefs);
        // Issue 11's target, asserted after the report is written (so a failing run still shows where the bytes went).
        Assert.True(total <= TargetBytes, "start-up allocation + assembly tables " + total + " B, over the " + TargetBytes
            + " B target by " + (total - TargetBytes) + " B: hardware/esp32-budget.md lists the largest contributors");
    }

    /// <summary>Each run repeats the same seeded simulation; a tick's time is its fastest of the runs, so
    /// the shared machine's preemptions drop out and what remains is the tick's own work.</summary>
    private const int Repetitions = 5;

    /// <summary>Flash stand-in: each write holds the worker thread this long (an ESP32 sector erase and
    /// page programs take tens of ms).</summary>
    private const int FlashWriteMs = 30;

    /// <summary>The budget of issue 11: worst tick within 5 ms of the 20 ms period.</summary>
    private const double WorstTickBudgetUs = 5000;

    [Fact]
    public void The_control_tick_mean_and_worst_in_the_simulation_including_a_recipe_start()
    {
        var runs = Enumerable.Range(0, Repetitions).Select(_ => RunScenario()).ToList();
        List<double> Fastest(int phase) => Enumerable.Range(0, runs.Min(r => r[phase].Count)).Select(i => runs.Min(r => r[phase][i])).ToList();
        var idle = Fastest(0);
        var start = Fastest(1);
        var dosing = Fastest(2);

        var bakeRuns = Enumerable.Range(0, Repetitions).Select(_ => RunBakeScenario(withFit: true)).ToList();
        List<double> FastestBake(int phase) => Enumerable.Range(0, bakeRuns.Min(r => r.Phases[phase].Count)).Select(i => bakeRuns.Min(r => r.Phases[phase][i])).ToList();
        var placing = FastestBake(0);
        var landing = FastestBake(1);
        var draught = FastestBake(2);
        // The runs repeat one seeded simulation: the same ticks in each (else the fastest-of-N pairs unlike ticks).
        for (int p = 0; p < 3; p++) Assert.Single(bakeRuns.Select(r => r.Phases[p].Count).Distinct());
        // The same run with the fit switched off (separationFactor 0) withdraws the wafer the draught follows, on the
        // tick that asks for the fit: with it on the wafer stood, so the fit ran and confirmed it. It runs spread over
        // the ticks after that one, the last of them confirming the wafer.
        var withoutFit = RunBakeScenario(withFit: false);
        int requestTick = withoutFit.Phases[2].Count;
        var fitTicks = draught.Skip(requestTick).ToList();
        long bakeBytes = bakeRuns.Sum(r => r.Bytes);

        // With the worker on its own thread the ticks do not line up between runs: every tick of every
        // run counts, preemptions of the shared test machine included.
        OffTickScenario.Run(0, 20); // warm-up
        var concurrent = Enumerable.Range(0, Repetitions).Select(_ => OffTickScenario.Run(FlashWriteMs, 200)).ToList();
        var all = concurrent.SelectMany(r => r.TickUs).ToList();
        var cpu = concurrent.SelectMany(r => r.TickCpuUs).ToList();
        var duringWrites = concurrent.SelectMany(r => r.DuringWriteUs).ToList();
        var startTicks = concurrent.Select(r => r.StartTickUs).ToList();
        int writes = concurrent.Sum(r => r.Writes);
        long bytes = concurrent.Sum(r => r.Bytes);
        double worstWall = all.Max();
        // The tick's own work: its thread's CPU time where the platform gives it, else the wall clock.
        double worst = cpu.Count > 0 ? cpu.Max() : worstWall;

        var md = new StringBuilder();
        md.AppendLine("# ESP32 control tick in the simulation: computed figures");
        md.AppendLine();
        md.AppendLine("Written by `Esp32BudgetReportTests` (do not edit). .NET JIT time per `StationRuntime.Tick()` on the test");
        md.AppendLine("machine, the plant stepped outside the timing; nanoFramework interprets IL, so the device's figures are");
        md.AppendLine("expected two to three orders of magnitude higher: `Program`'s `loop:` line reports the real mean and worst.");
        md.AppendLine();
        md.AppendLine("## Recipe load and flash writes in progress (issue 11 part 6)");
        md.AppendLine();
        md.AppendLine("The station worker on its own thread (`StationWorkerThread`, as `Program` runs it) parses the start command");
        md.AppendLine("and writes the durable records to a flash stand-in that holds the writing thread " + FlashWriteMs + " ms per write,");
        md.AppendLine("while the loop ticks at the 20 ms control period in simulated time from the start command through the");
        md.AppendLine("tare into the dose. " + Repetitions + " runs, every tick counted. Wall clock: the time from the tick's call to its");
        md.AppendLine("return, so it includes the test machine's scheduler giving the processor to other threads and processes");
        md.AppendLine("meanwhile (other tests run in parallel); CPU: the tick thread's own CPU time in the tick (Linux");
        md.AppendLine("`CLOCK_THREAD_CPUTIME_ID`), the tick's work without those preemptions.");
        md.AppendLine();
        md.AppendLine("| ticks measured | n | mean µs | p99 µs | worst µs | worst / mean |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        Row(md, "all ticks, start command to 200 ticks into the dose: wall clock", all);
        if (cpu.Count > 0) Row(md, "the same ticks: CPU time of the tick thread", cpu);
        Row(md, "ticks that began and ended inside a " + FlashWriteMs + " ms flash write: wall clock", duringWrites);
        Row(md, "the tick taking the parsed start command: wall clock", startTicks);
        md.AppendLine();
        md.AppendLine("- Worst tick, the tick's own work (" + (cpu.Count > 0 ? "CPU time" : "wall clock: no thread CPU clock on this platform") + "): **"
            + F(worst) + " µs** of the 20 000 µs period; budget " + F(WorstTickBudgetUs) + " µs: **"
            + (worst <= WorstTickBudgetUs ? "met" : "not met") + "**. Mean " + F(cpu.Count > 0 ? cpu.Average() : all.Average()) + " µs.");
        md.AppendLine("- Worst tick by the wall clock, preemptions of this run's machine included: " + F(worstWall) + " µs ("
            + (worstWall <= WorstTickBudgetUs ? "within" : "over") + " the budget).");
        md.AppendLine("- " + writes + " flash writes of " + FlashWriteMs + " ms (" + (writes * FlashWriteMs) + " ms in all) ran on the worker; none on the tick;");
        md.AppendLine("  bytes allocated on the tick thread over all " + all.Count + " ticks: **" + bytes + "**.");
        md.AppendLine("- On the device every managed thread runs in the one nanoCLR interpreter and a native flash call holds");
        md.AppendLine("  them all until it returns: the worker keeps the parse, serialization and checksum off the tick, and");
        md.AppendLine("  the record-before-act order puts every flash write where no pump runs (BUDGET.md, \"Off the tick\").");
        md.AppendLine();
        md.AppendLine("## Deterministic phases");
        md.AppendLine();
        md.AppendLine("Each tick's fastest of " + Repetitions + " identical seeded runs (the bake-job rows run the station worker between ticks; the idle, start and dosing rows do not).");
        md.AppendLine();
        md.AppendLine("| phase | ticks | mean µs | p99 µs | worst µs | worst / mean |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        Row(md, "idle, telemetry flowing", idle);
        Row(md, "the tick taking a start command (parsed and validated by the worker; the tick checks the state and posts the records)", start);
        Row(md, "dosing", dosing);
        Row(md, "bake job, plate holding " + F(BakeSetpointC) + " °C, waiting for wafer-down (detector armed, energy balance running)", placing);
        Row(md, "bake job, a " + F(BakeWaferJPerK) + " J/K wafer landing: from the landing through the provisional wafer-down to the energy balance's confirmation", landing);
        Row(md, "bake job, a draught (lid-open convection x " + F(DraughtConvection) + ") " + F(DraughtAfterS) + " s after the next wafer's landing, until the two-model fit confirms the wafer", draught);
        Row(md, "the ticks running the two-model fit, spread after the tick that asks for it (the draught phase's last " + fitTicks.Count + ")", fitTicks);
        md.AppendLine();
        md.AppendLine("- Bake phases: the plate tuned by the simulated autotune at " + F(BakeSetpointC) + " °C (its learned heat capacity is what the");
        md.AppendLine("  energy balance needs), the job started by the bake-job command, the wafers placed on the simulated plate and");
        md.AppendLine("  the wafer-removed command between them; the worker run between ticks. Bytes allocated in the bake-phase ticks");
        md.AppendLine("  over all " + Repetitions + " runs: **" + bakeBytes + "**. Not covered: the wafer's removal and record, a withdrawn wafer-down");
        md.AppendLine("  (a draught with no wafer), the heat-up before the job, a job at another setpoint or wafer size.");
        md.AppendLine("- The fit ran: the same run with it switched off (separationFactor 0) withdraws the wafer on the tick that asks for it ("
            + (withoutFit.WithdrawReason == WaferDownDetector.WithdrawPersists ? "the extra loss persisted" : "far more energy than the wafer's") + "); with it on,");
        md.AppendLine("  the fit takes " + WaferDownDetector.FitPointsPerTick + " model points a tick over the " + fitTicks.Count + " ticks after that one and confirms the wafer on the last. It runs once per");
        md.AppendLine("  event, so .NET's tiered JIT times it in unoptimised first-tier code: an upper bound for .NET. Scaled by the two to three");
        md.AppendLine("  orders of magnitude above, its worst tick would be " + F(fitTicks.Max() * 100 / 1000) + " to " + F(fitTicks.Max() * 1000 / 1000)
            + " ms on the device against the 20 ms period: the tick to read in `Program`'s `loop:` worst during a bake.");
        WriteReport("esp32-tick.md", md.ToString());
        output.WriteLine(md.ToString());
        Assert.True(idle.Count >= 3000 && dosing.Count > 0);
        Assert.Equal(0, bytes);
        Assert.True(duringWrites.Count > 0);
        Assert.True(placing.Count > 0 && landing.Count > 0 && draught.Count > 0);
        foreach (var phase in new[] { placing, landing, draught })
            Assert.True(phase.Max() <= WorstTickBudgetUs, "a bake-job tick took " + F(phase.Max()) + " µs, over the " + F(WorstTickBudgetUs) + " µs budget");
        Assert.Equal(0, bakeBytes);
        Assert.Equal(1, withoutFit.Withdrawn);
        // Withdrawn without the fit on the tick that asks for it; with it, confirmed after a spread of ticks, none of them
        // doing the whole search (each at most FitPointsPerTick points).
        Assert.True(fitTicks.Count >= 2, "the fit spread over " + fitTicks.Count + " ticks");
        // The two withdrawals that ask the fit first (the others cannot be a wafer followed by a draught).
        Assert.Contains(withoutFit.WithdrawReason, new[] { WaferDownDetector.WithdrawPersists, WaferDownDetector.WithdrawEnergy });
        Assert.All(bakeRuns, r => Assert.Equal(0, r.Withdrawn));
    }

    private const double BakeSetpointC = 110;
    private const double BakeWaferJPerK = 37; // the plant's wafer (hardware/plant/hotplate.json): 200 mm silicon
    private const double DraughtConvection = 8;
    private const double DraughtAfterS = 8;

    private sealed record BakeRun(List<double>[] Phases, long Bytes, int Withdrawn, int WithdrawReason);

    /// <summary>A two-wafer bake job on the simulated plate: wafer 0 lands in still air (phases 0 and 1),
    /// wafer 1 lands and a draught blows <see cref="DraughtAfterS"/> after it, before the balance confirms it
    /// (phase 2, from the draught's start). <paramref name="withFit"/> false switches the detector's two-model
    /// fit off (separationFactor 0): phase 2 then ends in a withdrawal.</summary>
    private static BakeRun RunBakeScenario(bool withFit)
    {
        var sim = new SimulatedEsp32Station(BakeSetpointC);
        sim.Assemble();
        sim.Plate.Plant.Parameters.LidOpenConvectionFactor = DraughtConvection;
        // A tuned plate, as after a remote autotune: the learned model gives the balance the plate's heat capacity.
        sim.Station.Hotplate.ApplyTuning(WaferDownScenario.Tuning(HotplateParameters.LoadDefault(), BakeSetpointC), TuningRule.SimcPid);
        StationRuntime runtime = sim.Station.Runtime;
        for (int i = 0; i < 50; i++) sim.Step();
        sim.Send(new CommandMessage
        {
            Id = "c-bake", Name = CommandNames.BakeJob,
            Job = new BakeJobSpec
            {
                JobId = "J-esp", Profile = "peb", ProfileVersion = 1, Wafers = 2, WaferHeatCapacityJPerK = BakeWaferJPerK, StableS = 10, PlaceTimeoutS = 120,
                Segments = new[] { new DispenseStation.Protocol.Recipes.BakeSegment(BakeSetpointC, 0, 60, 0.3) },
            },
        });
        sim.RunUntil(() => runtime.BakeJob?.Phase == WaferPhase.Placing, 300);
        BakeJob job = runtime.BakeJob;
        if (!withFit) job.Detector.Settings.SeparationFactor = 0;
        long bytes = 0;

        // Waiting for the wafer: long enough for the balance's steady loss to be warm (the operator takes some seconds).
        var placing = TimeSteps(sim, 1500, () => job.Phase == WaferPhase.Placing, ref bytes);
        Assert.True(job.Detector.Armed && job.Detector.EnergyReady, "the detector is armed and its balance runs while the plate waits");

        sim.Plate.Plant.PlaceWafer(22);
        bool sawPending = false;
        var landing = TimeSteps(sim, 3000, () =>
        {
            sawPending |= job.DownPending;
            return !(job.Phase == WaferPhase.Baking && !job.DownPending && sawPending);
        }, ref bytes);
        Assert.True(sawPending, "the signature's wafer-down was provisional");
        Assert.Equal(WaferPhase.Baking, job.Phase);
        Assert.Equal(WaferDownSources.Signature, job.LastSource);
        Assert.True(job.Detector.ConfirmedAtMs > job.LastLandingMs, "the balance confirmed the landing");

        sim.RunUntil(() => job.Phase == WaferPhase.Removing, 120);
        sim.Plate.Plant.RemoveWafer();
        sim.Send(new CommandMessage { Id = "c-removed", Name = CommandNames.WaferRemoved, Wafer = 0 });
        sim.RunUntil(() => job.Phase == WaferPhase.Placing && job.Wafer == 1, 300);
        for (int i = 0; i < 1500; i++) sim.Step();

        sim.Plate.Plant.PlaceWafer(22);
        long placedMs = sim.Dosing.Clock.UptimeMs;
        sim.RunUntil(() => sim.Dosing.Clock.UptimeMs >= placedMs + (long)(DraughtAfterS * 1000), 30);
        Assert.True(job.DownPending, "the draught begins before the balance has confirmed the wafer");
        sim.Plate.Plant.LidOpen = true;
        var draught = TimeSteps(sim, 3000, () => job.DownPending, ref bytes);
        int withdrawn = job.JobWithdrawnDowns;
        if (withFit)
        {
            Assert.Equal(WaferPhase.Baking, job.Phase);
            Assert.Equal(WaferDownSources.Signature, job.LastSource);
        }
        return new BakeRun(new[] { placing, landing, draught }, bytes, withdrawn, job.Detector.LastWithdrawReason);
    }

    /// <summary>As <see cref="Time"/>, with the worker's pass between ticks (outside the timing) as Program runs it on
    /// its own thread, and the bytes the ticks allocate added to <paramref name="bytes"/>.</summary>
    private static List<double> TimeSteps(SimulatedEsp32Station sim, int ticks, Func<bool> inside, ref long bytes)
    {
        var list = new List<double>();
        for (int n = 0; n < ticks && inside(); n++)
        {
            sim.Physics();
            sim.Station.Runtime.Worker.RunOnce();
            long b0 = GC.GetAllocatedBytesForCurrentThread();
            long t0 = Stopwatch.GetTimestamp();
            sim.Station.Runtime.Tick();
            long t1 = Stopwatch.GetTimestamp();
            bytes += GC.GetAllocatedBytesForCurrentThread() - b0;
            list.Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
        }
        return list;
    }

    private static List<double>[] RunScenario()
    {
        var sim = new SimulatedEsp32Station();
        sim.Assemble();
        StationRuntime runtime = sim.Station.Runtime;
        for (int i = 0; i < 200; i++) sim.Step();
        var idle = Time(sim, 3000, () => true);

        var recipe = SimulatedEsp32Station.DoseThenBake();
        sim.Start(recipe);
        runtime.Worker.RunOnce(); // the worker parses and validates it, off the tick
        // The tick that takes the start command: state checks, the records posted for the worker.
        var start = Time(sim, 1, () => true);
        Assert.Equal(PackMlState.Starting, runtime.State);
        sim.RunUntil(() => runtime.StepIndex == 1 && sim.Station.Doser.IsRunning, 120);
        var dosing = Time(sim, 1000, () => sim.Station.Doser.IsRunning);

        return new[] { idle, start, dosing };
    }

    private static void Row(StringBuilder md, string phase, List<double> us)
    {
        if (us.Count == 0)
        {
            md.AppendLine("| " + phase + " | 0 | | | | |");
            return;
        }
        var sorted = us.OrderBy(x => x).ToList();
        double mean = sorted.Average();
        double p99 = sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))];
        double worst = sorted[^1];
        md.AppendLine("| " + phase + " | " + sorted.Count + " | " + F(mean) + " | " + F(p99) + " | " + F(worst) + " | " + (worst / mean).ToString("F1", CultureInfo.InvariantCulture) + " |");
    }

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    private static List<double> Time(SimulatedEsp32Station sim, int ticks, Func<bool> inside)
    {
        var list = new List<double>();
        for (int n = 0; n < ticks && inside(); n++)
        {
            sim.Physics();
            long t0 = Stopwatch.GetTimestamp();
            sim.Station.Runtime.Tick();
            list.Add((Stopwatch.GetTimestamp() - t0) * 1e6 / Stopwatch.Frequency);
        }
        return list;
    }

    /// <summary>One QoS 1 message M2Mqtt holds until the broker's PUBACK, under the heap-block model:
    /// MqttMsgPublish (MqttMsgBase's 7 properties + its own 9, M2Mqtt 5.1.218 source), the ArrayList
    /// MqttMsgBase creates for user properties (3 fields, 4 slots), MqttMsgContext (5 fields) and the
    /// payload array, at its largest.</summary>
    private static long InflightMessageBytes(int maxMessageBytes)
    {
        long publish = Block + 16 * Block;
        long userProperties = (Block + 3 * Block) + (2 * Block + 4 * Block);
        long context = Block + 5 * Block;
        long payload = 2 * Block + (maxMessageBytes + Block - 1) / Block * Block;
        return publish + userProperties + context + payload;
    }

    private static void WriteReport(string name, string text)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "DispenseStation.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        File.WriteAllText(Path.Combine(dir!.FullName, "hardware", name), text);
    }
}
