using System;
using System.Threading;
using DispenseStation.Firmware.Station;
using Xunit;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>The ESP32's station worker thread: the recipe parse and the flash writes happen there,
/// and a write that does not return never holds the control loop. Asserted structurally.</summary>
[Collection("M2Mqtt stand-in")]
public class StationWorkerThreadTests
{
    [Fact]
    public void A_flash_write_held_on_the_worker_thread_never_holds_the_control_loop()
    {
        var flash = new SlowFlash(0) { Hold = new ManualResetEventSlim(false) };
        var sim = new SimulatedEsp32Station();
        sim.Hardware.Store = flash;
        sim.Assemble();
        StationRuntime runtime = sim.Station.Runtime;
        var worker = new StationWorkerThread(runtime.Worker);
        worker.Start();
        try
        {
            sim.Start(SimulatedEsp32Station.DoseThenBake());
            Until(() => runtime.Worker.CommandsWaiting == 1); // parsed on the worker thread
            Tick(sim, flash);
            Until(() => flash.Busy); // the worker is inside the recipe's flash write, held

            int published = sim.Link.PublishCount;
            for (int i = 0; i < 200; i++) Tick(sim, flash); // 4 s of control periods (the record time-out is 5 s): each returns
            Assert.True(flash.Busy);
            Assert.True(runtime.Worker.Writing);
            Assert.Equal(PackMlState.Starting, runtime.State); // the batch waits for its records
            Assert.Equal("c-start", runtime.CommandAwaitingRecord);
            Assert.All(sim.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
            Assert.True(sim.Link.PublishCount - published >= 20, "telemetry kept going out");

            flash.Hold.Set();
            Until(() =>
            {
                if (!runtime.Worker.WritesPending && !runtime.Worker.Writing) Tick(sim, flash);
                return runtime.State == PackMlState.Execute && runtime.StepIndex == 0 && !runtime.Worker.WritesPending;
            });
        }
        finally
        {
            worker.Stop();
        }
        Assert.Null(runtime.CommandAwaitingRecord);
        Assert.Equal(0, flash.CallsInsideTick);
        Assert.True(flash.Writes >= 2);
    }

    [Fact]
    public void A_dose_resumed_after_a_hold_waits_for_the_holds_record_and_holds_again_if_it_never_lands()
    {
        var flash = new SlowFlash(0);
        var sim = new SimulatedEsp32Station();
        sim.Hardware.Store = flash;
        sim.Assemble();
        StationRuntime runtime = sim.Station.Runtime;
        var recipe = SimulatedEsp32Station.DoseThenBake();
        recipe.Steps[1].TargetGrams = 150;
        recipe.Steps[1].TimeoutS = 600;
        sim.Start(recipe);
        sim.RunUntil(() => runtime.StepIndex == 1 && sim.Station.Doser.IsRunning && sim.Station.Scale.NetGrams > 5, 120);

        flash.Hold = new ManualResetEventSlim(false);
        Send(sim, "hold", "h-1");
        runtime.Worker.RunOnce(); // parsed (nothing to write yet)
        Tick(sim, flash); // Held: pumps stopped, the hold's record posted
        Assert.Equal(PackMlState.Held, runtime.State);
        Assert.True(runtime.Worker.WritesPending);
        Send(sim, "unhold", "u-1");
        var worker = new StationWorkerThread(runtime.Worker);
        worker.Start(); // parses the unhold, then is held inside the hold record's flash write
        try
        {
            Until(() => runtime.Worker.CommandsWaiting == 1 && flash.Busy);
            for (int i = 0; i < 200; i++) // 4 s, inside the record time-out
            {
                Tick(sim, flash);
                Assert.False(OffTickScenario.PumpOn(sim), "a pump ran while the hold's record was being written");
            }
            Assert.Equal(PackMlState.Execute, runtime.State);

            // Still held past the record time-out (5 s): the batch holds (record-not-stored), no pump.
            for (int i = 0; i < 100 && runtime.State != PackMlState.Held; i++)
            {
                Tick(sim, flash);
                Assert.False(OffTickScenario.PumpOn(sim), "a pump ran while the hold's record was being written");
            }
            Assert.Equal(PackMlState.Held, runtime.State);

            flash.Hold.Set();
            Until(() => !runtime.Worker.WritesPending && !runtime.Worker.Writing);
            Send(sim, "unhold", "u-2");
            Until(() =>
            {
                if (!runtime.Worker.WritesPending && !runtime.Worker.Writing) Tick(sim, flash);
                return OffTickScenario.PumpOn(sim);
            });
        }
        finally
        {
            worker.Stop();
        }
        Assert.Equal(1, runtime.StepIndex);
    }

    private static void Send(SimulatedEsp32Station sim, string name, string id) =>
        sim.Link.Inbox.Enqueue((DispenseStation.Protocol.Topics.Command(SimulatedEsp32Station.Id, name),
            System.Text.Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\"}")));

    private static void Tick(SimulatedEsp32Station sim, SlowFlash flash)
    {
        sim.Physics();
        flash.InsideTick = true;
        try { sim.Station.Runtime.Tick(); }
        finally { flash.InsideTick = false; }
    }

    /// <summary>Waits for the worker thread; the limit only stops a broken test from hanging.</summary>
    private static void Until(Func<bool> done) =>
        Assert.True(SpinWait.SpinUntil(done, TimeSpan.FromSeconds(60)), "the worker thread made no progress");
}
