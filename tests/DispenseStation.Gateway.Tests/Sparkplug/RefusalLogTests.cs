using DispenseStation.Gateway.Sparkplug;
using static DispenseStation.Gateway.Tests.Sparkplug.SparkplugTestKit;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>Refusals are all counted but logged once per interval per kind, the next line saying how many were held back.</summary>
public sealed class RefusalLogTests
{
    private sealed class Lines : ILogger
    {
        public List<string> Written { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Add(formatter(state, exception));
    }

    [Fact]
    public void One_line_per_interval_per_kind_counting_the_ones_held_back()
    {
        var clock = new ManualClock(OneSecondAfterEpoch);
        var lines = new Lines();
        var log = new RefusalLog(lines, clock, TimeSpan.FromSeconds(60));
        Assert.True(log.Refuse("malformed", "a"));
        for (var i = 0; i < 4; i++) Assert.False(log.Refuse("malformed", "b"));
        Assert.True(log.Refuse("rebirth-rate", "c"));              // another kind has its own interval
        clock.Now += TimeSpan.FromSeconds(59.999);
        Assert.False(log.Refuse("malformed", "d"));                // just inside the interval
        clock.Now += TimeSpan.FromMilliseconds(1);                 // exactly one interval after the last line
        Assert.True(log.Refuse("malformed", "e"));
        Assert.Equal(8, log.Total);
        Assert.Equal(3, lines.Written.Count);
        Assert.Contains("(5 more refused since the last report)", lines.Written[2]);
    }
}
