using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using DispenseStation.Firmware.Ports;
using DispenseStation.Protocol;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// DESIGN section 5: every message carries "ts" (uptime) and, once the station knows it, "utc".
/// On the ESP32 the wall clock is the RTC that SNTP sets in the background (SntpWallClock); here a
/// settable one stands in, behind the same port, on the station exactly as Program assembles it.
/// </summary>
[Collection("M2Mqtt stand-in")]
public class StationUtcTests
{
    private sealed class SettableWallClock : IWallClock
    {
        public long UtcMs { get; set; } = -1;
    }

    private sealed class RecordingLink : IMessageLink
    {
        public readonly List<(string Topic, byte[] Payload)> Published = new();
        public bool IsConnected => true;
        public int ConnectionEpoch => 1;
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            Published.Add((topic, payload[..length]));
            return true;
        }
        public bool TryReceive(out string topic, out byte[] payload)
        {
            topic = null;
            payload = null;
            return false;
        }
    }

    [Fact]
    public void Messages_carry_uptime_only_until_the_clock_is_set_then_utc_as_well()
    {
        var wall = new SettableWallClock();
        var link = new RecordingLink();
        var sim = new SimulatedEsp32Station();
        sim.Hardware.WallClock = wall;
        sim.Hardware.Link = link;
        sim.Assemble();
        for (int i = 0; i < 50; i++) sim.Step();

        var before = link.Published.ToList();
        Assert.Contains(before, m => m.Topic == Topics.State(SimulatedEsp32Station.Id));
        Assert.Contains(before, m => m.Topic == Topics.Telemetry(SimulatedEsp32Station.Id));
        foreach (var (topic, payload) in before)
        {
            using var doc = JsonDocument.Parse(payload);
            Assert.True(doc.RootElement.TryGetProperty("ts", out _), topic);
            Assert.False(doc.RootElement.TryGetProperty("utc", out _), "utc before the clock was set on " + topic);
        }

        link.Published.Clear();
        wall.UtcMs = 1764570600123; // 2025-12-01T06:30:00.123Z
        for (int i = 0; i < 20; i++) sim.Step();
        var telemetry = link.Published.Where(m => m.Topic == Topics.Telemetry(SimulatedEsp32Station.Id)).ToList();
        Assert.NotEmpty(telemetry);
        foreach (var (topic, payload) in telemetry)
        {
            using var doc = JsonDocument.Parse(payload);
            Assert.Equal("2025-12-01T06:30:00.123Z", doc.RootElement.GetProperty("utc").GetString());
            Assert.True(doc.RootElement.GetProperty("ts").GetInt64() > 0);
        }
    }

    [Fact]
    public void Ticks_that_write_utc_into_their_messages_allocate_nothing()
    {
        var wall = new SettableWallClock { UtcMs = 1764570600123 };
        var sim = new SimulatedEsp32Station();
        sim.Hardware.WallClock = wall;
        sim.Assemble();
        for (int i = 0; i < 100; i++) sim.Step(); // past the first state publish
        int published = sim.Link.PublishCount;
        long bytes = 0;
        for (int i = 0; i < 1000; i++)
        {
            sim.Physics();
            wall.UtcMs += Program.ControlPeriodMs;
            long before = GC.GetAllocatedBytesForCurrentThread();
            sim.Station.Runtime.Tick();
            bytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(sim.Link.PublishCount - published >= 90, "telemetry flowed: " + (sim.Link.PublishCount - published));
        Assert.Equal(0, bytes);
    }
}
