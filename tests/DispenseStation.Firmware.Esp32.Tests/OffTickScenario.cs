using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using DispenseStation.Firmware.Station;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// The ESP32 station as Program runs it, with its worker on a real thread (<see cref="StationWorkerThread"/>)
/// and flash that holds the writing thread <c>writeMs</c> per write: a start command is delivered,
/// the worker parses the recipe and writes the recipe and progress records while the test's thread
/// keeps ticking at the control period in simulated time, through the tare and into the dose. Each
/// tick is measured on the tick thread: time and bytes allocated; a tick that began and ended
/// while a write was in progress is counted as one that ran during a flash write.
/// </summary>
internal static class OffTickScenario
{
    public sealed class Result
    {
        /// <summary>Wall-clock time of each tick (the test machine's preemptions included).</summary>
        public readonly List<double> TickUs = new();
        /// <summary>CPU time the tick thread used in each tick (<see cref="ThreadCpuClock"/>; empty where not available).</summary>
        public readonly List<double> TickCpuUs = new();
        /// <summary>Ticks that began and ended while the worker was inside a flash write (wall clock).</summary>
        public readonly List<double> DuringWriteUs = new();
        /// <summary>The tick that took the start command.</summary>
        public double StartTickUs;
        public long Bytes;
        public int Writes;
        public int CallsInsideTick;
        /// <summary>Ticks after which a pump was commanded on while a flash write was in progress.</summary>
        public int PumpOnDuringWrite;
        public int WriteMs;
    }

    public static bool PumpOn(SimulatedEsp32Station sim)
    {
        foreach (var p in sim.Pumps) if (p.CommandedSpeed > 0) return true;
        return false;
    }

    public static Result Run(int writeMs, int doseTicks)
    {
        var flash = new SlowFlash(writeMs);
        var sim = new SimulatedEsp32Station();
        sim.Hardware.Store = flash;
        sim.Assemble();
        StationRuntime runtime = sim.Station.Runtime;
        // The record time-out counts simulated time, which runs here faster than the wall clock.
        sim.Station.Config.RecordTimeoutMs = 3_600_000;
        for (int i = 0; i < 200; i++) sim.Step(); // settle, worker inline: the thread is not running yet

        var result = new Result { WriteMs = writeMs };
        var worker = new StationWorkerThread(runtime.Worker);
        worker.Start();
        try
        {
            sim.Start(SimulatedEsp32Station.DoseThenBake());
            // Let the worker parse it first, as the link's thread would have done during the loop's sleep.
            if (!SpinWait.SpinUntil(() => runtime.Worker.CommandsWaiting == 1, TimeSpan.FromSeconds(60)))
                throw new Xunit.Sdk.XunitException("the worker did not parse the start command");
            long limit = sim.Dosing.Clock.UptimeMs + 300_000;
            int dosing = 0;
            bool first = true;
            while (dosing < doseTicks)
            {
                if (sim.Dosing.Clock.UptimeMs > limit)
                    throw new Xunit.Sdk.XunitException($"no dose after 300 s simulated: state {runtime.State}, step {runtime.StepIndex}");
                sim.Physics();
                bool writingBefore = flash.Busy;
                flash.InsideTick = true;
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                long cpu0 = ThreadCpuClock.NowNs();
                long t0 = Stopwatch.GetTimestamp();
                runtime.Tick();
                long t1 = Stopwatch.GetTimestamp();
                long cpu1 = ThreadCpuClock.NowNs();
                result.Bytes += GC.GetAllocatedBytesForCurrentThread() - bytes;
                flash.InsideTick = false;
                double us = (t1 - t0) * 1e6 / Stopwatch.Frequency;
                result.TickUs.Add(us);
                if (ThreadCpuClock.Available) result.TickCpuUs.Add((cpu1 - cpu0) / 1000.0);
                if (first) result.StartTickUs = us;
                first = false;
                if (writingBefore && flash.Busy) result.DuringWriteUs.Add(us);
                if (flash.Busy && PumpOn(sim)) result.PumpOnDuringWrite++;
                if (sim.Station.Doser.IsRunning) dosing++;
                // The loop's sleep: the worker gets the processor, as it does between ticks on the device.
                Thread.Sleep(1);
            }
            if (runtime.State != PackMlState.Execute) throw new Xunit.Sdk.XunitException("not executing: " + runtime.State);
        }
        finally
        {
            worker.Stop();
        }
        result.Writes = flash.Writes;
        result.CallsInsideTick = flash.CallsInsideTick;
        return result;
    }
}
