using System.Text;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Simulation.Thermal;
using static DispenseStation.Integration.Tests.Faults.StationStates;

namespace DispenseStation.Integration.Tests.Faults;

/// <summary>
/// The station's fault table: one row per fault, each run on the virtual station through the broker.
/// Faults the station cannot see on its own (gateway kill -9, database disk full, unauthorised MQTT
/// clients) are tested where they strike, in the gateway and broker test projects.
/// </summary>
internal static class FaultTable
{
    // Bounds: the link hold time (30 s) plus up to 2 s for the link to notice the broker is gone; the thermal limits of ThermalSafetyLimits (3 bad reads at 10 Hz, 10 s stuck, 0.5 s heater
    // watchdog) and the bench's measured fault times, with the margin of a few control periods.
    public static IReadOnlyList<FaultRow> Rows { get; } = Build();

    private static List<FaultRow> Build()
    {
        var rows = new List<FaultRow>
        {
            // Thermal, mid-bake at 100 °C: the heater must be off and stay off.
            new("RTD open (broken wire)", "mid-bake", Baking, Rtd(RtdFault.Open), "rtd-open", Outputs.Heater, 1.0, PackMlStates.Held),
            new("RTD short", "mid-bake", Baking, Rtd(RtdFault.Short), "rtd-short", Outputs.Heater, 1.0, PackMlStates.Held),
            new("RTD converter silent (SPI dead)", "mid-bake", Baking, Rtd(RtdFault.NoResponse), "rtd-no-response", Outputs.Heater, 1.0, PackMlStates.Held),
            new("RTD reading stuck", "mid-bake", Baking, Rtd(RtdFault.Stuck), "rtd-stuck", Outputs.Heater, 12, PackMlStates.Held, ObserveS: 15),
            new("RTD reading jumps (connector, bit flip)", "mid-bake", Baking, Rtd(RtdFault.Jump, 8), "rtd-implausible", Outputs.Heater, 1.0, PackMlStates.Held),
            new("RTD out of its well", "mid-bake", Baking, r => Do(() => r.Sim.HotplateRig.Plant.SensorDetached = true),
                null, Outputs.Heater, 90, PackMlStates.Held, ObserveS: 120, Check: AnyThermalAlarm),
            new("heater element open", "mid-bake", Baking, r => Do(() => r.Sim.HotplateRig.Plant.HeaterFailed = true),
                null, Outputs.Heater, 120, PackMlStates.Held, ObserveS: 150, Check: AnyThermalAlarm),
            // Main-loop hangs either side of the board's watchdog IC time-out (1.6 s): the heater watchdog timer turns the
            // heater off at 0.5 s; a hang past the IC's time-out resets the board, which comes back with the batch interrupted.
            new("control loop stall shorter than the watchdog IC's time-out (main loop hangs 1.2 s)", "mid-bake", Baking, Stall(1.2), "heater-watchdog",
                Outputs.Heater, 0.7, PackMlStates.Held),
            new("control loop stall past the watchdog IC's time-out (main loop hangs 5 s)", "mid-bake", Baking, Stall(5), null,
                Outputs.Heater, 0.7, PackMlStates.Held, Check: ResetByWatchdogIc),
            // The whole MCU hung (the heater watchdog timer with it): only the external IC is left, and it cuts SSR and pump power.
            new("MCU hung, heater watchdog timer dead too (watchdog IC only)", "mid-bake", Baking, Hang(5), null,
                Outputs.Heater, FaultRig.SupervisorTimeoutMs / 1000.0 + 0.05, PackMlStates.Held, Check: ResetByWatchdogIc),
            new("heater interlock (plate cover, over-temperature contact)", "mid-bake", Baking, r => Do(() => r.Sim.HeaterInterlock.IsActive = true),
                "heater-interlock", Outputs.Heater, 0.1, PackMlStates.Held),
            new("link loss beyond the hold time", "mid-bake", Baking, BrokerDown(40), "link-hold-expired", Outputs.Heater, 32, PackMlStates.Held, ObserveS: 45),
            new("power cut", "mid-bake", Baking, PowerCut(30), null, Outputs.Heater, 0.1, PackMlStates.Held, Check: Interrupted),
            // A welded SSR heats whatever the firmware commands: the row bounds the alarm that asks for the contactor.
            new("SSR welded shut", "mid-bake", Baking, r => Do(() => r.Sim.HotplateRig.Plant.SsrWelded = true), "ssr-welded", Outputs.Heater, 30,
                PackMlStates.Held, ObserveS: 40),

            // Dosing, mid-dose of 40 g resin: the pumps must be off and stay off.
            new("reservoir empty", "mid-dose", Dosing, r => Do(() => r.Sim.DosingRig.Pumps[ResinChannel].ReservoirGrams = 0), "no-flow", Outputs.Pumps, 10, PackMlStates.Held, ObserveS: 15),
            new("tube clogged", "mid-dose", Dosing, r => Do(() => r.Sim.DosingRig.Pumps[ResinChannel].Clog = 1), "no-flow", Outputs.Pumps, 10, PackMlStates.Held, ObserveS: 15),
            new("bottle removed", "mid-dose", Dosing, r => Do(r.Sim.DosingRig.RemoveBottle), "pump-interlock", Outputs.Pumps, 0.1, PackMlStates.Held),
            new("bottle bumped (300 g for 0.5 s)", "mid-dose", Dosing, r => Do(() => r.Sim.DosingRig.Bump(300, 500)), null, Outputs.Pumps, 2, PackMlStates.Held, Check: AnyDoseAlarm),
            new("scale reading frozen (ADC repeats its last value)", "mid-dose", Dosing, r => Do(() => r.Sim.DosingRig.LoadCell.Frozen = true), "scale-frozen",
                Outputs.Pumps, 1, PackMlStates.Held),
            new("scale silent (HX711 unplugged)", "mid-dose", Dosing, r => Do(() => r.Sim.DosingRig.LoadCell.Disconnected = true), "scale-silent", Outputs.Pumps, 2, PackMlStates.Held),
            new("scale swaying (±2 g)", "mid-dose", Dosing, r => Do(() => r.Sim.DosingRig.LoadCell.SwayGrams = 2), null, Outputs.Pumps, 10, PackMlStates.Held, ObserveS: 15, Check: AnyDoseAlarm),
            // Something comes to rest on the bottle mid-dose (a tube, a hand): a step the flow cannot make.
            new("something resting on the bottle (5 g, a hand or a tube)", "mid-dose", Dosing, r => Do(() => r.Sim.DosingRig.Bump(5, 600_000)), null,
                Outputs.Pumps, 2, PackMlStates.Held, ObserveS: 15, Check: AnyDoseAlarm),
            // A small one (0.2 g: 4 tolerances, far under a jump) on the first dose after a reboot: the verify weighs more
            // than the pump can have delivered less the start-up deficit the channel learned before the reboot, kept in the
            // progress record. The pump stops at its cut-off as usual; the dose fails at its verify.
            new("something small resting on the bottle (0.2 g) on the first dose after a reboot", "mid-dose", DosingAfterReboot,
                r => Do(() => r.Sim.DosingRig.Bump(0.2, 600_000)), "weight-unexplained", Outputs.Pumps, 30, PackMlStates.Held, ObserveS: 15),
            // The zero drifts while the station waits at a prompt (the hotplate warming the cell): the idle zero check sees
            // it; the next dose fails before its pump turns (pumps stay off from the fault on). On this HX711 station the check
            // trips above about 62 mg/min (6 sigma of a 10 s slope, readings of 14 mg by the scale settings): 200 mg/min here;
            // the dosing bench's balance (1 mg readings) trips at 18 mg/min.
            new("scale zero drifting (200 mg/min) between doses", "at a prompt", PromptBetweenDoses, async r =>
                {
                    r.Sim.DosingRig.LoadCell.ExtraDriftGramsPerMinute = 0.2;
                    await r.RunForAsync(25);
                    await ConfirmPrompt(r);
                }, "zero-drift", Outputs.Pumps, 0, PackMlStates.Held, ObserveS: 10),
            // Bound: the IC's time-out, then the pump drives spinning down once their power is gone.
            new("MCU hung (watchdog IC only)", "mid-dose", Dosing, Hang(5), null,
                Outputs.Pumps, FaultRig.SupervisorTimeoutMs / 1000.0 + 0.1, PackMlStates.Held, Check: ResetByWatchdogIc),
            // A shorted pump driver mid-dose runs past the target; the overfill check stops the dose and opens the pump power
            // relay, which stops it whatever the driver does. Bound: the rest of the 40 g dose at full speed, with margin.
            new("pump driver shorted (stuck on)", "mid-dose", Dosing, r => Do(() => r.Sim.DosingRig.Pumps[ResinChannel].StuckAtSpeed = 1.0), "overfill",
                Outputs.Pumps, 10, PackMlStates.Held, ObserveS: 30, Check: DoseOverfilledOrFlagged),
            new("pump driver shorted (stuck on), power relay intact", "at a prompt", Prompt, r => Do(() => r.Sim.DosingRig.Pumps[ResinChannel].StuckAtSpeed = 1.0), null,
                Outputs.Pumps, 0, PackMlStates.Execute, ObserveS: 20),
            // Between doses the relay is open; welded shut with a shorted driver, liquid keeps arriving: detected and named.
            new("pump driver shorted and power relay welded", "at a prompt", Prompt, r => Do(() =>
                {
                    r.Sim.DosingRig.PumpPower.WeldedOn = true;
                    r.Sim.DosingRig.PumpPower.Apply();
                    r.Sim.DosingRig.Pumps[ResinChannel].StuckAtSpeed = 0.2;
                }), "pump-runaway", Outputs.None, 0, PackMlStates.Held, ObserveS: 20),
            new("link loss (broker gone 5 s)", "mid-dose", Dosing, BrokerDown(5), "link-lost", Outputs.Pumps, 1.0, PackMlStates.Execute, ObserveS: 60, Check: DoseFinishesAfterReconnect),
            new("broker restart (1 s)", "mid-dose", Dosing, BrokerDown(1), "link-lost", Outputs.Pumps, 1.0, PackMlStates.Execute, ObserveS: 60, Check: DoseFinishesAfterReconnect),
        };

        // E-stop in every state the station rests in.
        foreach (var (when, arrange) in RestingStates())
            rows.Add(new("e-stop", when, arrange, r => Do(() => r.Sim.EStop.IsActive = true), "estop", Outputs.Both, 0.1, PackMlStates.Aborted));
        rows.Add(new("e-stop", "mid-bake", Baking, r => Do(() => r.Sim.EStop.IsActive = true), "estop", Outputs.Both, 0.1, PackMlStates.Aborted));

        // Power cut in the middle of a flash write: the record being written is torn; the station comes back with the one before.
        // Outputs are not bounded from the injection: the dose runs on legitimately until the write the cut tears.
        rows.Add(new("power cut mid-flash-write (record torn)", "mid-dose", Dosing, TornWriteThenPowerCut, null, Outputs.None, 0,
            PackMlStates.Held, ObserveS: 10, Check: InterruptedAfterTornWrite));

        // Power cut in every resting state: in-batch states come back Held and interrupted, others idle.
        foreach (var (when, arrange) in RestingStates())
        {
            bool inBatch = when is "mid-dose" or "at a prompt" or "Held" or "Suspended";
            rows.Add(new("power cut", when, arrange, PowerCut(5), null, Outputs.Both, 0.1,
                inBatch ? PackMlStates.Held : PackMlStates.Idle, Check: inBatch ? Interrupted : NotInterrupted));
        }

        // Bad input on the command topics: refused with a reason, nothing applied.
        rows.Add(new("malformed JSON on cmd/start", "Idle", Idle, Raw(CommandNames.Start, "{\"id\":\"bad-1\",\"recipe\":{"), null,
            Outputs.Both, 0, PackMlStates.Idle, Refusal: "bad-1"));
        rows.Add(new("wrong field type on cmd/start", "Idle", Idle, Raw(CommandNames.Start, "{\"id\":\"bad-2\",\"recipe\":{\"batchId\":7}}"), null,
            Outputs.Both, 0, PackMlStates.Idle, Refusal: "bad-2"));
        rows.Add(new("malformed JSON on cmd/hold", "mid-dose", Dosing, Raw(CommandNames.Hold, "{\"id\":\"bad-3\",,}"), null,
            Outputs.None, 0, PackMlStates.Execute, Refusal: "bad-3", ObserveS: 30, Check: DoseFinishes));
        rows.Add(new("unknown command topic", "Idle", Idle, Raw("explode", "{\"id\":\"bad-4\"}"), null,
            Outputs.Both, 0, PackMlStates.Idle, Refusal: "bad-4"));
        rows.Add(new("oversized payload on cmd/start (40 KB)", "Idle", Idle, Raw(CommandNames.Start, "{\"id\":\"bad-5\",\"pad\":\"" + new string('x', 40_000) + "\"}"),
            null, Outputs.Both, 0, PackMlStates.Idle, Check: NothingStarted));
        rows.Add(new("recipe over the station limits (channel not fitted)", "Idle", Idle, StartWith(r => { var x = DoseRecipe("FT-BAD"); x.Steps[1].Channel = 7; return x; }),
            null, Outputs.Both, 0, PackMlStates.Idle, Refusal: "start-", Check: NothingStarted));
        rows.Add(new("recipe with a negative dose", "Idle", Idle, StartWith(r => { var x = DoseRecipe("FT-NEG"); x.Steps[1].TargetGrams = -5; return x; }),
            null, Outputs.Both, 0, PackMlStates.Idle, Refusal: "start-", Check: NothingStarted));
        rows.Add(new("start while a batch runs", "mid-dose", Dosing, StartWith(r => DoseRecipe("FT-SECOND")),
            null, Outputs.None, 0, PackMlStates.Execute, Refusal: "start-", ObserveS: 30, Check: DoseFinishes));
        return rows;
    }

    private static IEnumerable<(string When, Func<FaultRig, Task> Arrange)> RestingStates() =>
    [
        ("Idle", Idle), ("mid-dose", Dosing), ("at a prompt", Prompt), ("Held", Held), ("Suspended", Suspended),
        ("Complete", Complete), ("Stopped", Stopped), ("Aborted", Aborted),
    ];

    private static Task Do(Action a)
    {
        a();
        return Task.CompletedTask;
    }

    private static Func<FaultRig, Task> Rtd(RtdFault fault, double offsetC = 0) => r => Do(() => r.Sim.HotplateRig.Sensor.InjectFault(fault, offsetC));

    private static Func<FaultRig, Task> Stall(double seconds) => async r =>
    {
        r.TickStalled = true;
        await r.RunForAsync(seconds);
        r.TickStalled = false;
    };

    private static Func<FaultRig, Task> Hang(double seconds) => async r =>
    {
        r.McuHung = true;
        r.TickStalled = true;
        await r.RunForAsync(seconds);
        r.TickStalled = false;
        r.McuHung = false;
    };

    /// <summary>The power goes during the station's next flash write (its header and a little of the record stored); the rig
    /// keeps the board off for <see cref="FaultRig.PowerCutS"/>, then it boots.</summary>
    private static Task TornWriteThenPowerCut(FaultRig r)
    {
        r.Flash.TearNextWrite(keepBytes: 24);
        return r.RunUntilAsync(() => r.Flash.TornWrites > 0 && !r.Flash.PowerGone, 120, "the station's next flash write, torn, and the reboot");
    }

    private static string? InterruptedAfterTornWrite(FaultRig r, FaultOutcome o) =>
        r.Flash.TornWrites == 1 ? Interrupted(r, o) : $"expected one torn write, saw {r.Flash.TornWrites}";

    private static Func<FaultRig, Task> BrokerDown(double seconds) => r => r.RestartBrokerAsync(seconds);

    private static Func<FaultRig, Task> PowerCut(double seconds) => r => r.PowerCutAsync(seconds);

    private static Func<FaultRig, Task> Raw(string command, string json) => r => r.SendRawAsync(command, Encoding.UTF8.GetBytes(json));

    private static Func<FaultRig, Task> StartWith(Func<FaultRig, Protocol.Recipes.ControlRecipe> recipe) => r => r.CommandAsync(CommandNames.Start, recipe(r));

    // Extra checks: null when satisfied, else what is wrong.
    private static string? AnyThermalAlarm(FaultRig r, FaultOutcome o) =>
        o.DetectedAs.StartsWith("rtd-") || o.DetectedAs.StartsWith("runaway-") ? null : "expected a thermal alarm, got " + o.DetectedAs;

    private static string? AnyDoseAlarm(FaultRig r, FaultOutcome o) =>
        o.DetectedAs is "none" ? "no dose alarm raised" : null;

    private static string? Interrupted(FaultRig r, FaultOutcome o) =>
        r.Sim.Station.Interrupted && r.Probe.Events().Any(e => e.Kind == EventKinds.BatchInterrupted) ? null : "batch not reported interrupted after the reboot";

    private static string? ResetByWatchdogIc(FaultRig r, FaultOutcome o)
    {
        if (r.WatchdogResetAtMs < 0) return "the watchdog IC never reset the board";
        return Interrupted(r, o);
    }

    private static string? DoseOverfilledOrFlagged(FaultRig r, FaultOutcome o)
    {
        var dose = r.Probe.Events().LastOrDefault(e => e.Kind == EventKinds.DoseResult);
        if (dose == null) return "no dose result";
        // The shorted driver keeps pumping past the target until the relay opens: the result must say so, never pass.
        return dose.Success ? $"dose reported in tolerance ({dose.ActualGrams:F3} g) although the pump ran on" : null;
    }

    private static string? NotInterrupted(FaultRig r, FaultOutcome o) =>
        !r.Sim.Station.Interrupted ? null : "a batch that had ended came back interrupted";

    private static string? NothingStarted(FaultRig r, FaultOutcome o) =>
        !r.Probe.Events().Any(e => e.Kind == EventKinds.BatchStarted) && r.Sim.DosingRig.BottleContentsGrams == 0 ? null : "a batch started";

    private static string? DoseFinishes(FaultRig r, FaultOutcome o)
    {
        var dose = r.Probe.Events().LastOrDefault(e => e.Kind == EventKinds.DoseResult);
        return dose is { Success: true } ? null : "the running dose did not finish in tolerance";
    }

    private static string? DoseFinishesAfterReconnect(FaultRig r, FaultOutcome o) =>
        DoseFinishes(r, o) ?? (r.Probe.Events().Any(e => e.Kind == EventKinds.AlarmCleared && e.AlarmCode == "link-lost") ? null : "link-lost never cleared");
}
