namespace DispenseStation.Gateway.Storage.Spool;

public enum StorageCondition { Healthy, Spooling, ReadOnly }

/// <summary>
/// What the gateway knows about its database's ability to write: healthy; spooling (writes the
/// database refused wait in the <see cref="DurableSpool"/>); or read-only (no write possible and
/// none spooled: the disk was full at start-up, or the spool is used up). Shown on the dashboard
/// (GET /api/storage) and logged once per change.
/// </summary>
public sealed class StorageHealth(TimeProvider clock, ILogger<StorageHealth> log)
{
    private readonly object _lock = new();

    public StorageCondition Condition { get; private set; } = StorageCondition.Healthy;
    public string? Reason { get; private set; }
    public DateTimeOffset? Since { get; private set; }

    /// <summary>Raised after every change of condition.</summary>
    public event Action<StorageHealth>? Changed;

    public void Report(StorageCondition condition, string? reason)
    {
        lock (_lock)
        {
            if (condition == Condition && reason == Reason) return;
            Condition = condition;
            Reason = reason;
            Since = condition == StorageCondition.Healthy ? null : clock.GetUtcNow();
        }
        if (condition == StorageCondition.Healthy) log.LogWarning("Storage alarm cleared: the database writes again");
        else log.LogCritical("Storage alarm ({Condition}): {Reason}", condition, reason);
        Changed?.Invoke(this);
    }
}
