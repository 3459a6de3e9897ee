using System.Text;
using DispenseStation.Firmware.Drivers.Devices.SicsBalance;
using DispenseStation.Firmware.Drivers.Tests.Fakes;
using DispenseStation.Firmware.Scale;

namespace DispenseStation.Firmware.Drivers.Tests;

public class SicsReplyParserTests
{
    [Theory]
    [InlineData("S S      12.3456 g", SicsReplyKind.StableWeight, 12.3456)]
    [InlineData("S D     100.0001 g", SicsReplyKind.DynamicWeight, 100.0001)]
    [InlineData("S S     -0.0082 g", SicsReplyKind.StableWeight, -0.0082)]
    [InlineData("S S -     0.0082 g", SicsReplyKind.StableWeight, -0.0082)]
    [InlineData("S S        0 g", SicsReplyKind.StableWeight, 0.0)]
    [InlineData("S I", SicsReplyKind.Busy, 0.0)]
    [InlineData("S +", SicsReplyKind.Overload, 0.0)]
    [InlineData("S -", SicsReplyKind.Underload, 0.0)]
    [InlineData("ES", SicsReplyKind.SyntaxError, 0.0)]
    [InlineData("ET", SicsReplyKind.TransmissionError, 0.0)]
    [InlineData("EL", SicsReplyKind.LogicalError, 0.0)]
    [InlineData("Z A", SicsReplyKind.Acknowledged, 0.0)]
    [InlineData("Z I", SicsReplyKind.Busy, 0.0)]
    [InlineData("Z +", SicsReplyKind.Overload, 0.0)]
    [InlineData("T S     150.0000 g", SicsReplyKind.Acknowledged, 0.0)]
    [InlineData("TA A     150.0000 g", SicsReplyKind.Acknowledged, 0.0)]
    [InlineData("I4 A \"B123456789\"", SicsReplyKind.Acknowledged, 0.0)]
    public void Parses_the_replies_of_the_reference_manual(string line, int kind, double grams)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        Assert.Equal(kind, SicsReplyParser.Parse(bytes, bytes.Length, out double g));
        Assert.Equal(grams, g, 9);
    }

    [Theory]
    [InlineData("S S      12.3 mg")]      // wrong unit: never a weight
    [InlineData("S S      12.3 kg")]
    [InlineData("S S      12.3")]         // no unit
    [InlineData("S S   1x2.0 g")]         // not a number
    [InlineData("S S       . g")]
    [InlineData("S X      12.3 g")]       // unknown status
    [InlineData("S S      12.3 g extra")]
    [InlineData("Q S      12.3 g")]       // unknown identifier
    [InlineData("S I 12")]
    [InlineData("EX")]
    [InlineData("ES ES")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("S S 1234567890123 g")]   // more digits than any balance shows
    public void Anything_else_is_garbage_not_a_weight(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        Assert.Equal(SicsReplyKind.Garbage, SicsReplyParser.Parse(bytes, bytes.Length, out double g));
        Assert.Equal(0, g);
    }

    [Fact]
    public void Control_bytes_inside_a_line_are_garbage()
    {
        var bytes = Encoding.ASCII.GetBytes("S S      12.3456 g");
        bytes[5] = 0x00;
        Assert.Equal(SicsReplyKind.Garbage, SicsReplyParser.Parse(bytes, bytes.Length, out _));
        bytes[5] = 0xB5;
        Assert.Equal(SicsReplyKind.Garbage, SicsReplyParser.Parse(bytes, bytes.Length, out _));
    }
}

public class SicsBalanceAdcTests
{
    private const double Readability = 0.0001;
    private readonly ManualClock _clock = new();
    private readonly SimSicsBalance _balance;
    private readonly SicsBalanceAdc _adc;

    public SicsBalanceAdcTests()
    {
        _balance = new SimSicsBalance(_clock, updatesPerSecond: 10);
        _adc = new SicsBalanceAdc(_balance, _clock, Readability, samplesPerSecond: 10, resendMs: 1000);
    }

    private List<int> Run(long ms, int stepMs = 10)
    {
        var samples = new List<int>();
        for (long t = 0; t < ms; t += stepMs)
        {
            _clock.Advance(stepMs);
            if (_adc.TryRead(out int raw)) samples.Add(raw);
        }
        return samples;
    }

    [Fact]
    public void Start_resets_the_interface_then_asks_for_every_weight_byte_for_byte()
    {
        _adc.Start();
        Assert.Equal("@\r\nSIR\r\n", Encoding.ASCII.GetString(_balance.Written.ToArray()));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1)]
    [InlineData(7)]
    public void Streamed_weights_arrive_as_counts_of_the_readability_however_the_bytes_are_split(int chunk)
    {
        _balance.ReadChunk = chunk;
        _balance.Grams = 151.2345;
        _balance.Stable = false;
        _adc.Start();
        var samples = Run(1000);
        Assert.InRange(samples.Count, 9, 10);
        Assert.All(samples, s => Assert.Equal(1_512_345, s));
        Assert.False(_adc.LastWeightStable);
        Assert.Equal(0, _adc.BadReplyCount);
        _balance.Stable = true;
        Run(200);
        Assert.True(_adc.LastWeightStable);
    }

    [Fact]
    public void The_core_scale_reads_grams_through_the_adapter()
    {
        var scale = new WeighScale(_adc, _clock, new ScaleCalibration(0, _adc.CountsPerGram), new ScaleSettings { StableBandGrams = 0.0005 });
        _balance.Grams = 42.0123;
        _adc.Start();
        for (int i = 0; i < 400; i++) { _clock.Advance(10); scale.Update(); }
        Assert.True(scale.IsStable);
        Assert.Equal(42.0123, scale.StableNetGrams, 6);
    }

    [Theory]
    [InlineData(BalanceMode.Busy, SicsReplyKind.Busy, "S I")]
    [InlineData(BalanceMode.SyntaxError, SicsReplyKind.SyntaxError, "ES")]
    [InlineData(BalanceMode.TransmissionError, SicsReplyKind.TransmissionError, "ET")]
    [InlineData(BalanceMode.LogicalError, SicsReplyKind.LogicalError, "EL")]
    [InlineData(BalanceMode.Garbage, SicsReplyKind.Garbage, "S S  1x2.0 g")]
    [InlineData(BalanceMode.WrongUnit, SicsReplyKind.Garbage, "S S    12345.0 mg")]
    public void A_misbehaving_balance_gives_no_weight_and_its_raw_reply_is_quoted(BalanceMode mode, int kind, string raw)
    {
        _balance.Grams = 12.345;
        _balance.Mode = mode;
        _adc.Start();
        var samples = Run(2000);
        Assert.Empty(samples);
        Assert.True(_adc.BadReplyCount >= 15);
        Assert.Equal(kind, _adc.LastBadKind);
        Assert.Contains("balance replied \"" + raw + "\"", _adc.DescribeLastBadReply());
        Assert.StartsWith(SicsReplyKind.Describe(kind), _adc.DescribeLastBadReply());
    }

    [Theory]
    [InlineData(BalanceMode.Overload, SicsBalanceAdc.RailHigh)]
    [InlineData(BalanceMode.Underload, SicsBalanceAdc.RailLow)]
    public void Overload_and_underload_read_as_the_rails_so_the_core_calls_the_scale_saturated(BalanceMode mode, int rail)
    {
        var scale = new WeighScale(_adc, _clock, new ScaleCalibration(0, _adc.CountsPerGram), new ScaleSettings());
        _balance.Mode = mode;
        _adc.Start();
        for (int i = 0; i < 50; i++) { _clock.Advance(10); scale.Update(); }
        Assert.True(scale.IsSaturated);
        Assert.Equal(rail, scale.LastRawCounts);
        Assert.Contains(mode == BalanceMode.Overload ? "\"S +\"" : "\"S -\"", _adc.DescribeLastBadReply());
    }

    [Fact]
    public void A_silent_balance_is_a_silent_scale_and_the_stream_is_asked_for_again()
    {
        var scale = new WeighScale(_adc, _clock, new ScaleCalibration(0, _adc.CountsPerGram), new ScaleSettings { SilentMs = 500 });
        _adc.Start();
        for (int i = 0; i < 100; i++) { _clock.Advance(10); scale.Update(); }
        Assert.False(scale.IsSilent);
        _balance.Mode = BalanceMode.Silent;
        for (int i = 0; i < 49; i++) { _clock.Advance(10); scale.Update(); }
        Assert.False(scale.IsSilent);
        for (int i = 0; i < 10; i++) { _clock.Advance(10); scale.Update(); }
        Assert.True(scale.IsSilent);
        Assert.Equal(1, CountSir());
        _clock.Advance(1000);
        scale.Update();
        Assert.Equal(2, CountSir());
    }

    private int CountSir() => Encoding.ASCII.GetString(_balance.Written.ToArray()).Split("SIR\r\n").Length - 1;

    [Fact]
    public void An_unplugged_balance_reads_as_gone_and_resumes_when_plugged_back()
    {
        _adc.Start();
        Assert.NotEmpty(Run(500));
        _balance.Mode = BalanceMode.Unplugged;
        Assert.Empty(Run(3000));
        Assert.True(_adc.PortGone);
        _balance.Mode = BalanceMode.Normal;
        // A balance that lost power forgets SIR: only the driver's re-request restarts the stream.
        _balance.Write("@\r\n"u8.ToArray(), 0, 3);
        int writtenBefore = CountSir();
        var after = Run(2500);
        Assert.NotEmpty(after);
        Assert.False(_adc.PortGone);
        Assert.True(CountSir() > writtenBefore);
    }

    [Fact]
    public void An_overlong_line_is_garbage_and_the_next_line_still_parses()
    {
        _adc.Start();
        _balance.Mode = BalanceMode.Silent;
        _balance.QueueBytes(Enumerable.Repeat((byte)'7', SicsBalanceAdc.MaxLineBytes + 30).Concat("\r\n"u8.ToArray()).ToArray());
        _balance.Queue(SimSicsBalance.WeightLine('S', 1.0));
        _clock.Advance(10);
        Assert.True(_adc.TryRead(out int raw));
        Assert.Equal(10_000, raw);
        Assert.Equal(1, _adc.BadReplyCount);
        Assert.Equal(SicsReplyKind.Garbage, _adc.LastBadKind);
    }

    [Fact]
    public void Acknowledgements_out_of_order_are_neither_weights_nor_errors()
    {
        _adc.Start();
        _balance.Mode = BalanceMode.Silent;
        _balance.Queue("I4 A \"B123456789\"\r\nZ A\r\nT S     150.0000 g\r\n");
        _clock.Advance(10);
        Assert.False(_adc.TryRead(out _));
        Assert.Equal(0, _adc.BadReplyCount);
    }

    [Fact]
    public void Reading_the_stream_allocates_nothing()
    {
        var line = Encoding.ASCII.GetBytes(SimSicsBalance.WeightLine('D', 12.3456) + "S I\r\n");
        var link = new ReplayLink(line);
        var adc = new SicsBalanceAdc(link, _clock, Readability, 10, 1000);
        adc.Start();
        for (int i = 0; i < 10; i++) { _clock.Advance(10); adc.TryRead(out _); }
        long bytes = Allocation.Of(() =>
        {
            for (int i = 0; i < 2000; i++) { _clock.Advance(10); adc.TryRead(out _); }
        });
        Assert.Equal(0, bytes);
        Assert.True(adc.WeightCount > 1000);
    }

    [Fact]
    public void Constructor_rejects_settings_that_cannot_be_a_balance()
    {
        Assert.Contains("readabilityGrams", Assert.Throws<ArgumentException>(() => new SicsBalanceAdc(_balance, _clock, 0, 10, 1000)).Message);
        Assert.Contains("samplesPerSecond", Assert.Throws<ArgumentException>(() => new SicsBalanceAdc(_balance, _clock, 0.001, 0, 1000)).Message);
        Assert.Contains("resendMs", Assert.Throws<ArgumentException>(() => new SicsBalanceAdc(_balance, _clock, 0.001, 10, 99)).Message);
        _ = new SicsBalanceAdc(_balance, _clock, 1, 100, 100);
    }

    /// <summary>Hands out the same bytes again and again, without allocating.</summary>
    private sealed class ReplayLink(byte[] bytes) : ISerialLink
    {
        private int _next;
        private int _reads;
        public int Read(byte[] buffer, int offset, int count)
        {
            // One line's worth per call, like a balance at its update rate.
            if (++_reads % 2 == 0) return 0;
            int n = 0;
            while (n < count && n < 24) { buffer[offset + n++] = bytes[_next]; _next = (_next + 1) % bytes.Length; }
            return n;
        }
        public bool Write(byte[] buffer, int offset, int count) => true;
    }
}
