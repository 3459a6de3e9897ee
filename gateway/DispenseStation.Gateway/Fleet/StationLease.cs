namespace DispenseStation.Gateway.Fleet;

/// <summary>A station's lease as the database holds it; times are the database clock's Unix milliseconds.</summary>
public sealed record StationLease(string StationId, string Owner, long Epoch, long AcquiredMs, long ExpiresMs);
