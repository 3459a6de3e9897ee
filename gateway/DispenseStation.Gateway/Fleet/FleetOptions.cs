namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// Gateway:Fleet: several gateway instances against one PostgreSQL and one external broker. Each station's
/// orchestration belongs to the instance that holds its lease (a row in station_leases, timed by the database's
/// clock so that instances with skewed clocks agree); another instance takes the lease over when the owner stops
/// renewing it.
/// </summary>
public sealed class FleetOptions
{
    /// <summary>Off by default: one gateway owns every station, no lease rows are written.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long a lease lasts without renewal: the longest a dead owner's stations wait for a new owner.</summary>
    public double LeaseSeconds { get; set; } = 10;

    /// <summary>How often the owner renews (and a standby looks for expired leases); under a third of LeaseSeconds,
    /// so that two renewals can fail before the lease runs out.</summary>
    public double RenewSeconds { get; set; } = 3;

    /// <summary>Station events a standby keeps per station to replay after a takeover (those the old owner had not
    /// recorded). A batch sends a few events a step; 512 cover far more than a lease's worth of them.</summary>
    public int ReplayBufferEvents { get; set; } = 512;
}
