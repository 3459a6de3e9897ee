using DispenseStation.Firmware.Esp32;
using Iot.Device.Hx711;

namespace DispenseStation.Firmware.Esp32.Tests;

public class Hx711SpiScaleTests
{
    [Fact]
    public void Raw_words_from_the_binding_become_signed_counts_once_each()
    {
        var clock = new TestClock { UptimeMs = 100 };
        var adapter = new Hx711SpiScale(null, clock, 10);
        var scale = Iot.Device.Hx711.Scale.Last;
        Assert.Equal(1u, scale.SampleAveraging);
        Assert.Equal(0, scale.Offset);

        scale.RawWords.Enqueue(0xFFFF38); // -200
        adapter.SampleOnce();
        Assert.True(adapter.TryRead(out int counts));
        Assert.Equal(-200, counts);
        Assert.False(adapter.TryRead(out _));

        scale.RawWords.Enqueue(0x01E240); // 123456
        adapter.SampleOnce();
        Assert.True(adapter.TryRead(out counts));
        Assert.Equal(123456, counts);
    }

    [Fact]
    public void Saturated_or_failed_conversions_post_nothing_and_silence_grows()
    {
        var clock = new TestClock { UptimeMs = 1000 };
        var adapter = new Hx711SpiScale(null, clock, 10);
        var scale = Iot.Device.Hx711.Scale.Last;
        scale.RawWords.Enqueue(0x7FFFFF);
        adapter.SampleOnce();
        Assert.False(adapter.TryRead(out _));
        Assert.Equal(1, adapter.SaturatedReads);
        clock.UptimeMs = 1600;
        Assert.Equal(600, adapter.SilentForMs);
        scale.RawWords.Enqueue(5);
        adapter.SampleOnce();
        Assert.Equal(0, adapter.SilentForMs);
    }
}
