namespace DispenseStation.Gateway.Storage;

/// <summary>
/// Reduces a fast sample stream (telemetry at ~5 Hz, bake traces) to one averaged sample per
/// fixed time bucket before it is stored. Buckets are aligned to multiples of the interval since
/// the Unix epoch, so restarts and several gateways produce the same buckets.
/// </summary>
public sealed class Downsampler
{
    private readonly long _intervalMs;
    private readonly double[] _sums;
    private readonly int[] _counts;
    private long _bucket = long.MinValue;
    private int _count;

    public Downsampler(TimeSpan interval, int channels)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "interval must be positive");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "need at least one channel");
        _intervalMs = (long)interval.TotalMilliseconds;
        _sums = new double[channels];
        _counts = new int[channels];
    }

    /// <summary>
    /// Adds a sample. When it starts a new bucket, returns the finished previous bucket's average
    /// (stamped at that bucket's start); otherwise null. Samples older than the open bucket are dropped.
    /// NaN means "no value": it is left out of its channel's average, which is NaN only if the whole bucket had none.
    /// </summary>
    public (DateTimeOffset At, double[] Values)? Add(DateTimeOffset at, ReadOnlySpan<double> values)
    {
        if (values.Length != _sums.Length) throw new ArgumentException($"expected {_sums.Length} values, got {values.Length}", nameof(values));
        var bucket = Math.DivRem(at.ToUnixTimeMilliseconds(), _intervalMs, out var rem) - (rem < 0 ? 1 : 0);
        if (bucket < _bucket) return null;
        (DateTimeOffset, double[])? finished = null;
        if (bucket > _bucket)
        {
            finished = Flush();
            _bucket = bucket;
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) continue;
            _sums[i] += values[i];
            _counts[i]++;
        }
        _count++;
        return finished;
    }

    /// <summary>Closes the open bucket (e.g. at the end of a bake step) and returns its average, or null if empty.</summary>
    public (DateTimeOffset At, double[] Values)? Flush()
    {
        if (_count == 0) return null;
        var avg = new double[_sums.Length];
        for (var i = 0; i < avg.Length; i++)
        {
            avg[i] = _counts[i] == 0 ? double.NaN : _sums[i] / _counts[i];
            _sums[i] = 0;
            _counts[i] = 0;
        }
        _count = 0;
        return (DateTimeOffset.FromUnixTimeMilliseconds(_bucket * _intervalMs), avg);
    }
}
