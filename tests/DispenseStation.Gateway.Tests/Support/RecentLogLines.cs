using System.Collections.Concurrent;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// Keeps the gateway's last warnings and errors (and the last messages it received) in memory, so a test that times out
/// under load can say what the gateway saw: its console log is not part of the test output.
/// </summary>
public sealed class RecentLogLines(int capacity) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public void Add(string line)
    {
        _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        while (_lines.Count > capacity) _lines.TryDequeue(out _);
    }

    public IReadOnlyList<string> Snapshot() => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(RecentLogLines sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            sink.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
        }
    }
}
