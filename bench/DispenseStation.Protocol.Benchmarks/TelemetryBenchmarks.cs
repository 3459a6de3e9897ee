using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using JsonTokenType = DispenseStation.Protocol.Json.JsonTokenType;

namespace DispenseStation.Protocol.Benchmarks;

/// <summary>
/// One telemetry message (5 samples x 8 pump channels), encoded and decoded by the protocol code and,
/// as the baseline, by System.Text.Json doing the same work (same fields, values rounded to the same
/// decimals, writer reused).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TelemetryBenchmarks
{
    private readonly TelemetryMessage _message = new(5, 8);
    private readonly JsonWriter _writer = new(4096);
    private readonly JsonReader _reader = new();
    private readonly MemoryStreamLike _buffer = new(4096);
    private Utf8JsonWriter _stjWriter = null!;
    private byte[] _payload = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message.Seq = 1234;
        _message.UptimeMs = 3_600_000;
        _message.SampleCount = 5;
        for (int i = 0; i < 5; i++)
        {
            var s = _message.Samples[i];
            s.UptimeMs = 3_599_000 + 200 * i;
            s.ScaleGrams = 123.456789 + i;
            s.ScaleStable = i % 2 == 0;
            s.PlateC = 109.987654;
            s.SetpointC = 110;
            s.HeaterDuty = 0.412345;
            for (int c = 0; c < 8; c++) s.PumpRates[c] = c * 0.333333;
        }
        _message.WriteTo(_writer);
        _payload = _writer.ToArray();
        _stjWriter = new Utf8JsonWriter(_buffer);
    }

    [Benchmark(Baseline = true, Description = "encode: System.Text.Json Utf8JsonWriter")]
    public int EncodeSystemTextJson()
    {
        _buffer.Clear();
        _stjWriter.Reset(_buffer);
        var w = _stjWriter;
        w.WriteStartObject();
        w.WriteNumber("seq", _message.Seq);
        w.WriteNumber("ts", _message.UptimeMs);
        w.WriteStartArray("samples");
        for (int i = 0; i < _message.SampleCount; i++)
        {
            var s = _message.Samples[i];
            w.WriteStartObject();
            w.WriteNumber("ts", s.UptimeMs);
            w.WriteNumber("scaleGrams", Math.Round(s.ScaleGrams, 4, MidpointRounding.AwayFromZero));
            w.WriteBoolean("scaleStable", s.ScaleStable);
            w.WriteNumber("plateC", Math.Round(s.PlateC, 3, MidpointRounding.AwayFromZero));
            w.WriteNumber("setpointC", Math.Round(s.SetpointC, 3, MidpointRounding.AwayFromZero));
            w.WriteNumber("heaterDuty", Math.Round(s.HeaterDuty, 4, MidpointRounding.AwayFromZero));
            w.WriteStartArray("pumpRates");
            for (int c = 0; c < s.PumpRates.Length; c++) w.WriteNumberValue(Math.Round(s.PumpRates[c], 4, MidpointRounding.AwayFromZero));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        return _buffer.Length;
    }

    [Benchmark(Description = "encode: protocol JsonWriter")]
    public int EncodeProtocol() => _message.WriteTo(_writer);

    [Benchmark(Description = "token walk: System.Text.Json Utf8JsonReader")]
    public double WalkSystemTextJson()
    {
        var r = new Utf8JsonReader(_payload);
        double sum = 0;
        while (r.Read())
        {
            if (r.TokenType == System.Text.Json.JsonTokenType.Number) sum += r.GetDouble();
        }
        return sum;
    }

    [Benchmark(Description = "token walk: protocol JsonReader")]
    public double WalkProtocol()
    {
        _reader.Reset(_payload, 0, _payload.Length);
        double sum = 0;
        while (_reader.Read())
        {
            if (_reader.TokenType == JsonTokenType.Number) sum += _reader.GetDouble();
        }
        return sum;
    }

    [Benchmark(Description = "parse message: JsonSerializer.Deserialize")]
    public int ParseSystemTextJson() => JsonSerializer.Deserialize<TelemetryDto>(_payload, Options)!.Samples.Length;

    [Benchmark(Description = "parse message: TelemetryMessage.TryParse")]
    public int ParseProtocol() => TelemetryMessage.TryParse(_payload, 0, _payload.Length, out var m, out _) ? m.SampleCount : -1;

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public sealed class TelemetryDto
    {
        public long Seq { get; set; }
        public long Ts { get; set; }
        public SampleDto[] Samples { get; set; } = [];
    }

    public sealed class SampleDto
    {
        public long Ts { get; set; }
        public double ScaleGrams { get; set; }
        public bool ScaleStable { get; set; }
        public double PlateC { get; set; }
        public double SetpointC { get; set; }
        public double HeaterDuty { get; set; }
        public double[] PumpRates { get; set; } = [];
    }

    /// <summary>A reusable IBufferWriter over one array, so the baseline allocates nothing either.</summary>
    private sealed class MemoryStreamLike(int capacity) : System.Buffers.IBufferWriter<byte>
    {
        private readonly byte[] _data = new byte[capacity];

        public int Length { get; private set; }

        public void Clear() => Length = 0;

        public void Advance(int count) => Length += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => _data.AsMemory(Length);

        public Span<byte> GetSpan(int sizeHint = 0) => _data.AsSpan(Length);
    }
}
