using DispenseStation.Gateway.Configuration;

namespace DispenseStation.Gateway.Fleet;

/// <summary>Start-up checks of Gateway:Fleet; each failure names the setting and the rule.</summary>
public static class FleetOptionsValidator
{
    /// <summary>The longest lease any instance may hold; a row that expires further ahead was edited by hand.</summary>
    public const double MaxLeaseSeconds = 300;

    public const int MaxReplayBufferEvents = 100_000;

    public static void Validate(GatewayOptions o, Action<string, string> fail)
    {
        var f = o.Fleet;
        if (!(f.LeaseSeconds >= 1 && f.LeaseSeconds <= MaxLeaseSeconds))
            fail("Fleet:LeaseSeconds", $"must be between 1 and {MaxLeaseSeconds} (got {f.LeaseSeconds})");
        if (!(f.RenewSeconds > 0 && f.RenewSeconds * 3 <= f.LeaseSeconds))
            fail("Fleet:RenewSeconds", $"must be above 0 and at most a third of Fleet:LeaseSeconds (got {f.RenewSeconds} with LeaseSeconds {f.LeaseSeconds})");
        if (f.ReplayBufferEvents is < 16 or > MaxReplayBufferEvents)
            fail("Fleet:ReplayBufferEvents", $"must be between 16 and {MaxReplayBufferEvents} (got {f.ReplayBufferEvents})");
        if (!f.Enabled) return;
        // SQLite is a file on one machine: instances on other machines cannot share it.
        if (o.Storage.Provider != StorageProvider.Postgres)
            fail("Fleet:Enabled", "needs Storage:Provider Postgres (every instance must reach the same database)");
        // Each embedded broker is its own island: stations connected to one are invisible to the others.
        if (o.Mqtt.Mode != BrokerMode.External)
            fail("Fleet:Enabled", "needs Mqtt:Mode External (every instance must reach the same broker)");
    }
}
