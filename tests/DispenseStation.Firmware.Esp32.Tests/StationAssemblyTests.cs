using System;
using System.Linq;
using System.Text;
using Xunit;

namespace DispenseStation.Firmware.Esp32.Tests;

public class StationAssemblyTests
{
    [Fact]
    public void Pumps_are_commissioned_from_the_measured_flow_and_channels_follow_the_pumps()
    {
        var sim = new SimulatedEsp32Station();
        var station = sim.Assemble();
        Assert.Equal(SimulatedEsp32Station.PumpCount, station.Config.ChannelCount);
        Assert.Equal(SimulatedEsp32Station.PumpCount, station.Doser.ChannelCount);
        Assert.Equal(sim.Settings.ScaleCountsPerGram, station.Scale.Calibration.CountsPerGram);
        Assert.Equal(SimulatedEsp32Station.Id, station.Config.StationId);
        Assert.Equal(Program.FirmwareVersion, station.Config.FirmwareVersion);
    }

    [Fact]
    public void The_plate_keeps_four_tuning_set_versions_on_the_esp32()
    {
        var sim = new SimulatedEsp32Station();
        var station = sim.Assemble();
        Assert.Equal(4, StationAssembly.EspTuningSetsKept);
        Assert.Equal(StationAssembly.EspTuningSetsKept, station.Hotplate.TuningSets.Capacity);
    }

    [Fact]
    public void The_outbox_ring_holds_sixteen_messages_of_the_largest_event_or_result_a_batch_sends()
    {
        var sim = new SimulatedEsp32Station();
        sim.Assemble();
        sim.Link.Lengths = new();
        sim.Start(SimulatedEsp32Station.DoseThenBake());
        sim.RunUntil(() => sim.Station.Runtime.State is Station.PackMlState.Complete or Station.PackMlState.Held, 3600);
        var queued = sim.Link.Lengths
            .Where(m => m.Topic == DispenseStation.Protocol.Topics.Event(SimulatedEsp32Station.Id)
                || m.Topic == DispenseStation.Protocol.Topics.CommandResult(SimulatedEsp32Station.Id))
            .Select(m => m.Length).OrderByDescending(n => n).ToList();
        Assert.True(queued.Count > 5, string.Join(",", queued));
        // Each takes its length and a 2-byte prefix in the ring: sixteen of the largest fit.
        Assert.True(StationAssembly.EspOutboxCapacity * (queued[0] + 2) <= StationAssembly.EspOutboxBytes, string.Join(",", queued));
        Assert.Equal(StationAssembly.EspOutboxBytes, sim.Station.Config.OutboxBytes);
    }

    [Fact]
    public void A_flow_list_that_does_not_match_the_pumps_is_rejected_by_key()
    {
        var sim = new SimulatedEsp32Station();
        sim.Settings.PumpFlowGramsPerS = new[] { 1.0, 2.0 };
        var ex = Assert.Throws<ArgumentException>(() => sim.Assemble());
        Assert.Contains("pump.flow: 2 values given but 4 pumps are fitted", ex.Message);
    }

    [Fact]
    public void Commissioning_picks_gentler_fractions_for_bigger_pumps()
    {
        var big = ChannelCommissioning.FromFlow(5);
        var small = ChannelCommissioning.FromFlow(0.2);
        Assert.Equal(5, big.FastFlowGramsPerS);
        Assert.True(big.DribbleSpeed < small.DribbleSpeed);
        Assert.Equal(big.DribbleSpeed * 5, big.DribbleFlowGramsPerS, 9);
    }

    [Theory]
    [InlineData("scale.zero=12000", "scale.zero and scale.countsPerGram must be given together")]
    [InlineData("scale.countsPerGram=0.5", "scale.countsPerGram must be a number 1..1000000")]
    [InlineData("pump.flow=1,x", "pump.flow[1] must be a number")]
    [InlineData("scale.zero=1\nscale.countsPerGram=1400\nscale.date=2026-02-30", "scale.date must be a UTC date like 2026-11-20")]
    [InlineData("scale.zero=1\nscale.countsPerGram=1400\nscale.date=20.11.2026", "scale.date must be a UTC date like 2026-11-20")]
    [InlineData("scale.zero=1\nscale.countsPerGram=1400\nscale.reference=0", "scale.reference must be a number 1..100000")]
    [InlineData("scale.date=2026-11-20", "scale.date and scale.reference describe a calibration: give scale.zero and scale.countsPerGram with them")]
    [InlineData("pump.flow=1,1,1,1,1,1,1,1,1", "pump.flow takes at most 8 values")]
    public void Calibration_keys_are_checked_by_name(string line, string message)
    {
        var store = new MemoryStore();
        string text = "station.id=esp-1\nwifi.ssid=lab\nmqtt.host=broker\n" + line + "\n";
        store.Files[StationSettings.FileName] = Encoding.UTF8.GetBytes(text);
        var ex = Assert.Throws<ArgumentException>(() => StationSettings.Load(store));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Calibration_keys_are_read()
    {
        var store = new MemoryStore();
        store.Files[StationSettings.FileName] = Encoding.UTF8.GetBytes(
            "station.id=esp-1\nwifi.ssid=lab\nmqtt.host=broker\nscale.zero=-1200.5\nscale.countsPerGram=1412.25\npump.flow=4.5, 0.8\n");
        var s = StationSettings.Load(store);
        Assert.Equal(-1200.5, s.ScaleZeroCounts);
        Assert.Equal(1412.25, s.ScaleCountsPerGram);
        Assert.Equal(new[] { 4.5, 0.8 }, s.PumpFlowGramsPerS);
        Assert.Equal(-1, s.ScaleCalibratedUtcMs); // not given: the date is not known
        Assert.True(double.IsNaN(s.ScaleReferenceGrams));
    }

    [Theory]
    [InlineData("2026-11-20", "2026-11-20T00:00:00Z")]
    [InlineData("2026-11-20T09:15:00Z", "2026-11-20T09:15:00Z")]
    [InlineData("2026-11-20T09:15:00.250Z", "2026-11-20T09:15:00.250Z")]
    public void The_date_and_reference_mass_of_the_factory_calibration_are_read(string date, string expected)
    {
        var store = new MemoryStore();
        store.Files[StationSettings.FileName] = Encoding.UTF8.GetBytes(
            "station.id=esp-1\nwifi.ssid=lab\nmqtt.host=broker\nscale.zero=150000\nscale.countsPerGram=1400\nscale.date=" + date + "\nscale.reference=200\n");
        var s = StationSettings.Load(store);
        Assert.Equal(DateTimeOffset.Parse(expected).ToUnixTimeMilliseconds(), s.ScaleCalibratedUtcMs);
        Assert.Equal(200, s.ScaleReferenceGrams);
    }
}

public class LoopTimingTests
{
    [Fact]
    public void Keeps_mean_worst_and_overruns_per_window_without_allocating()
    {
        var t = new LoopTiming();
        t.Record(1000, false);
        t.Record(3000, true);
        t.Record(2000, false);
        Assert.Equal(3, t.Ticks);
        Assert.Equal(2000, t.MeanUs);
        Assert.Equal(3000, t.MaxUs);
        Assert.Equal(1, t.Overruns);
        t.Reset();
        Assert.Equal(0, t.MeanUs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) t.Record(i, i % 7 == 0);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(9999, t.MaxUs);
    }
}
