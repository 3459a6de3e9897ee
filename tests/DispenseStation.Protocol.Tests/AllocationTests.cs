using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using Xunit.Abstractions;

namespace DispenseStation.Protocol.Tests;

/// <summary>
/// The firmware encodes a message every telemetry tick; on the ESP32 an allocation there costs a
/// GC pause. With a reused writer and message, encoding must allocate nothing.
/// </summary>
public class AllocationTests(ITestOutputHelper output)
{
    private const int Encodes = 10_000;

    [Fact]
    public void Encoding_telemetry_with_a_reused_writer_allocates_nothing()
    {
        var writer = new JsonWriter(4096);
        var message = new TelemetryMessage(capacity: 5, channels: 8) { Utc = "2026-11-25T16:40:00.000Z", SampleCount = 5 };
        for (int i = 0; i < 5; i++)
        {
            var s = message.Samples[i];
            s.UptimeMs = 1000 + 200 * i; s.ScaleGrams = 123.45678 + i; s.ScaleStable = i % 2 == 0;
            s.PlateC = 109.98765; s.SetpointC = 110; s.HeaterDuty = 0.41234;
            for (int c = 0; c < 8; c++) s.PumpRates[c] = c * 0.3333;
        }
        Assert.True(message.WriteTo(writer) > 0); // warm-up: static tables, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        int bytes = 0;
        for (int i = 0; i < Encodes; i++)
        {
            message.Seq = i;
            message.UptimeMs = 2000 + i;
            message.Samples[0].ScaleGrams = i * 0.0001;
            bytes += message.WriteTo(writer);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{Encodes} telemetry encodes (5 samples x 8 pumps, {bytes / Encodes} bytes each): {allocated} bytes allocated");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Encoding_state_and_event_messages_allocates_nothing()
    {
        var writer = new JsonWriter(2048);
        var state = new StateMessage
        {
            Online = true, StationId = "bench-1", Firmware = "1.0.0", PackMlState = PackMlStates.Execute, BatchId = "B-1",
            StepIndex = 2, StepCount = 8, StepName = "dose PAG", ActiveAlarms = new[] { "OVERTEMP" },
        };
        var evt = new EventMessage { Kind = EventKinds.DoseResult, BatchId = "B-1", Channel = 2, TargetGrams = 4.1234, ActualGrams = 4.1241, ErrorGrams = 0.0007, DurationMs = 15000, Success = true };
        state.WriteTo(writer);
        evt.WriteTo(writer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Encodes; i++)
        {
            state.Seq = i; state.UptimeMs = i;
            evt.Seq = i; evt.UptimeMs = i;
            state.WriteTo(writer);
            evt.WriteTo(writer);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{Encodes} state + event encodes: {allocated} bytes allocated");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Walking_a_document_with_the_reader_allocates_nothing()
    {
        var writer = new JsonWriter(4096);
        var message = new TelemetryMessage(capacity: 5, channels: 8) { Seq = 1, UptimeMs = 2, SampleCount = 5 };
        message.WriteTo(writer);
        var reader = new JsonReader();
        double sum = 0;
        reader.Reset(writer.Buffer, 0, writer.Length);
        while (reader.Read()) { } // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Encodes; i++)
        {
            reader.Reset(writer.Buffer, 0, writer.Length);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double v)) sum += v;
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueEquals("scaleGrams")) sum += 1;
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{Encodes} reader passes over a telemetry message: {allocated} bytes allocated");
        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }
}
