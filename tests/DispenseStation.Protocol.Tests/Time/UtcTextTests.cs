using System.Globalization;
using System.Text;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Time;

namespace DispenseStation.Protocol.Tests.Time;

/// <summary>The station's allocation-free ISO-8601 UTC text against .NET's DateTime formatting.</summary>
public class UtcTextTests
{
    private static string Expected(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime
        .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Written(long unixMs)
    {
        var buffer = new byte[UtcText.Length];
        Assert.True(UtcText.TryWrite(unixMs, buffer, 0));
        return Encoding.ASCII.GetString(buffer);
    }

    [Theory]
    [InlineData(0L)]                     // 1970-01-01T00:00:00.000Z
    [InlineData(951782400000L)]          // 2000-02-29 (leap century)
    [InlineData(1709164800000L)]         // 2024-02-29
    [InlineData(1709251199999L)]         // 2024-02-29T23:59:59.999Z
    [InlineData(4107542400000L)]         // 2100-03-01 (2100 is not a leap year)
    [InlineData(UtcText.MaxUnixMs)]      // 9999-12-31T23:59:59.999Z
    public void Writes_the_same_text_as_DateTime_at_the_calendar_boundaries(long unixMs)
    {
        Assert.Equal(Expected(unixMs), Written(unixMs));
    }

    [Fact]
    public void Writes_the_same_text_as_DateTime_over_100000_random_times()
    {
        var random = new Random(20261201);
        for (int i = 0; i < 100000; i++)
        {
            long unixMs = random.NextInt64(0, UtcText.MaxUnixMs + 1);
            Assert.Equal(Expected(unixMs), Written(unixMs));
        }
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(UtcText.MaxUnixMs + 1)]
    public void Refuses_times_outside_1970_to_9999_and_writes_nothing(long unixMs)
    {
        var buffer = new byte[UtcText.Length];
        Assert.False(UtcText.TryWrite(unixMs, buffer, 0));
        Assert.All(buffer, b => Assert.Equal(0, b));
        var w = new JsonWriter(64);
        w.BeginObject();
        w.WriteUtcProperty("utc", unixMs);
        w.EndObject();
        Assert.Equal("{}", Encoding.UTF8.GetString(w.Buffer, 0, w.Length));
    }

    [Fact]
    public void Refuses_a_destination_too_short()
    {
        Assert.False(UtcText.TryWrite(0, new byte[UtcText.Length + 3], 4));
        Assert.True(UtcText.TryWrite(0, new byte[UtcText.Length + 4], 4));
    }

    [Fact]
    public void The_writer_puts_it_in_a_property_without_allocating()
    {
        var w = new JsonWriter(128);
        w.BeginObject();
        w.WriteIntegerProperty("ts", 5);
        w.WriteUtcProperty("utc", 1764570600123);
        w.EndObject();
        Assert.Equal("{\"ts\":5,\"utc\":\"2025-12-01T06:30:00.123Z\"}", Encoding.UTF8.GetString(w.Buffer, 0, w.Length));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            w.Reset();
            w.BeginObject();
            w.WriteUtcProperty("utc", 1764570600123 + i);
            w.EndObject();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
