using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.DotNet;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Drivers.Tests.Fakes;

namespace DispenseStation.Firmware.Drivers.Tests;

public class Hx711Tests
{
    private const int Dout = 16, Sck = 17;

    [Theory]
    [InlineData(0x000000, 0)]
    [InlineData(0x000001, 1)]
    [InlineData(0x7FFFFF, 8388607)]
    [InlineData(0xFFFFFF, -1)]
    [InlineData(0x800000, -8388608)]
    [InlineData(0x123456, 0x123456)]
    [InlineData(0xFEDCBA, -0x012346)]
    public void Decode_sign_extends_24_bits(int raw, int expected) => Assert.Equal(expected, Hx711Codec.Decode(raw));

    [Fact]
    public void Rails_are_saturation()
    {
        Assert.True(Hx711Codec.IsSaturated(Hx711Codec.MaxCount));
        Assert.True(Hx711Codec.IsSaturated(Hx711Codec.MinCount));
        Assert.False(Hx711Codec.IsSaturated(Hx711Codec.MaxCount - 1));
    }

    [Theory]
    [InlineData(128, 1)]
    [InlineData(32, 2)]
    [InlineData(64, 3)]
    public void Gain_selects_the_extra_clock_pulses(int gain, int pulses) => Assert.Equal(pulses, Hx711Codec.GainPulses(gain));

    [Fact]
    public void Unknown_gain_is_rejected_by_name() =>
        Assert.Equal("gain", Assert.Throws<ArgumentOutOfRangeException>(() => Hx711Codec.GainPulses(100)).ParamName);

    private static (Hx711GpioReader reader, SimHx711 chip) Make(int gain = 128)
    {
        var chip = new SimHx711(Dout, Sck);
        var reader = new Hx711GpioReader(new GpioController(chip), Dout, Sck, 10, gain);
        return (reader, chip);
    }

    [Fact]
    public void No_conversion_ready_returns_at_once_without_clocking()
    {
        var (reader, chip) = Make();
        int writes = chip.Writes(Sck);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(writes, chip.Writes(Sck));
    }

    [Theory]
    [InlineData(123456)]
    [InlineData(-98765)]
    [InlineData(0)]
    [InlineData(8388606)]
    public void Reads_the_bits_the_chip_shifts_out(int counts)
    {
        var (reader, chip) = Make();
        chip.Convert(counts);
        Assert.True(reader.TryRead(out int read));
        Assert.Equal(counts, read);
        Assert.False(reader.TryRead(out _));
    }

    [Theory]
    [InlineData(128, 1)]
    [InlineData(64, 3)]
    [InlineData(32, 2)]
    public void Sends_the_gain_pulses_for_the_next_conversion(int gain, int pulses)
    {
        var (reader, chip) = Make(gain);
        chip.Convert(42);
        reader.TryRead(out _);
        Assert.Equal(pulses, chip.LastGainPulses);
    }

    [Fact]
    public void Saturated_conversion_is_not_a_reading()
    {
        var (reader, chip) = Make();
        chip.Convert(Hx711Codec.MaxCount);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(1, reader.SaturatedReads);
    }

    [Fact]
    public void Rejects_rates_the_chip_cannot_do() =>
        Assert.Equal("samplesPerSecond", Assert.Throws<ArgumentOutOfRangeException>(() => new Hx711GpioReader(new GpioController(new SimGpioDriver()), 1, 2, 50, 128)).ParamName);

    [Fact]
    public void A_read_allocates_nothing_of_its_own()
    {
        double perWrite = Allocation.GpioWriteBaseline();
        var (reader, chip) = Make();
        chip.Convert(1);
        reader.TryRead(out _);
        int writesBefore = chip.Writes(Sck);
        long bytes = Allocation.Of(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                chip.Convert(i * 1000 - 100_000);
                if (!reader.TryRead(out _)) throw new InvalidOperationException("read failed");
            }
        });
        int writes = chip.Writes(Sck) - writesBefore;
        Assert.Equal(200 * 50, writes);
        Assert.Equal(writes * perWrite, bytes);
    }
}
