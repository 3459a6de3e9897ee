using System.Threading;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Esp32;
using Iot.Device.Hx711;
using Hx711Binding = Iot.Device.Hx711.Scale;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>The HX711 adapter over the binding's stand-in (which blocks and sign-extends as the binding does).</summary>
public class Hx711SpiScaleTests
{
    [Fact]
    public void Sign_extended_counts_from_the_binding_are_posted_once_each()
    {
        var clock = new TestClock { UptimeMs = 100 };
        var adapter = new Hx711SpiScale(null, clock, 10, 500);
        var scale = Hx711Binding.Last;
        Assert.Equal(GainLevel.GainA128, scale.Gain);
        Assert.Equal(1u, scale.SampleAveraging);
        Assert.Equal(0.0, scale.Offset);

        scale.Convert(0xFFFF38); // -200 as the chip shifts it out
        adapter.SampleOnce();
        Assert.True(scale.PoweredUp);
        Assert.True(adapter.TryRead(out int counts));
        Assert.Equal(-200, counts);
        Assert.False(adapter.TryRead(out _));

        scale.Convert(0x01E240); // 123456
        adapter.SampleOnce();
        Assert.True(adapter.TryRead(out counts));
        Assert.Equal(123456, counts);
    }

    [Fact]
    public void Saturated_conversions_post_nothing_and_silence_grows_to_absence_at_the_limit()
    {
        var clock = new TestClock { UptimeMs = 1000 };
        var adapter = new Hx711SpiScale(null, clock, 10, 500);
        var scale = Hx711Binding.Last;
        scale.Convert(0x7FFFFF);
        adapter.SampleOnce();
        Assert.False(adapter.TryRead(out _));
        Assert.Equal(1, adapter.SaturatedReads);
        scale.Convert(0x800000);
        adapter.SampleOnce();
        Assert.Equal(2, adapter.SaturatedReads);
        clock.UptimeMs = 1500;
        Assert.Equal(500, adapter.SilentForMs);
        Assert.False(adapter.IsAbsent); // exactly at the limit
        clock.UptimeMs = 1501;
        Assert.True(adapter.IsAbsent);
        scale.Convert(5);
        adapter.SampleOnce();
        Assert.Equal(0, adapter.SilentForMs);
        Assert.False(adapter.IsAbsent);
    }

    [Fact]
    public void An_unplugged_load_cell_blocks_only_the_worker_and_reads_absent()
    {
        var clock = new TestClock { UptimeMs = 0 };
        // Construction does not touch the chip: boot goes on with no load cell attached.
        var adapter = new Hx711SpiScale(null, clock, 10, 500);
        var scale = Hx711Binding.Last;
        var worker = new SamplerThread(adapter, 0);
        worker.Start();
        try
        {
            // The worker is inside the binding's PowerUp, waiting for DOUT.
            SpinWait.SpinUntil(() => scale.Waiting == 1, 10_000);
            Assert.Equal(1, scale.Waiting);
            Assert.False(adapter.PoweredUp);
            clock.UptimeMs = 501;
            Assert.True(adapter.IsAbsent);
            Assert.False(adapter.TryRead(out _));

            // Plugged in: the chip converts, PowerUp returns and samples flow.
            scale.Attach();
            scale.Convert(42);
            SpinWait.SpinUntil(() => adapter.TryRead(out _) || adapter.SilentForMs == 0, 10_000);
            Assert.True(adapter.PoweredUp);
            Assert.False(adapter.IsAbsent);
        }
        finally
        {
            worker.Stop();
            scale.Attach();
            scale.Convert(0); // lets the worker's last Read return
        }
    }

    [Fact]
    public void The_binding_refuses_no_gain()
    {
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new Hx711Binding(null, GainLevel.None));
    }
}
