namespace DispenseStation.Gateway.BakeJobs;

/// <summary>Section "Gateway:BakeJobs".</summary>
public sealed class BakeJobOptions
{
    public const string Section = "Gateway:BakeJobs";

    /// <summary>Profiles imported at start (each file's name and version; versions already stored are kept as they are).</summary>
    public string ProfilesDirectory { get; set; } = "library/bake-profiles";

    /// <summary>The highest setpoint a profile may ask for, °C (the stations' plate limit).</summary>
    public double PlateLimitC { get; set; } = 180;

    /// <summary>At most one plate-trace point per this many ms is stored per job.</summary>
    public int TraceMilliseconds { get; set; } = 500;
}
