namespace DispenseStation.Gateway.Orchestration;

/// <summary>Timing of batch orchestration (section "Gateway:Orchestration").</summary>
public sealed class OrchestrationOptions
{
    public const string Section = "Gateway:Orchestration";

    /// <summary>How long to wait for a station's cmd-result before reporting the command as unanswered.</summary>
    public int CommandTimeoutSeconds { get; set; } = 10;

    /// <summary>How long a finished station may take to reset to Idle before a new batch starts.</summary>
    public int ReadyTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// No dose tolerance is planned tighter than this: the firmware refuses tolerances below what its scale
    /// honours (StationConfig.MinToleranceGrams, 0.005 g by default).
    /// </summary>
    public double MinimumToleranceGrams { get; set; } = 0.005;

    /// <summary>Bake traces are stored as one averaged point per interval of this length.</summary>
    public int BakeTraceMilliseconds { get; set; } = 1000;
}
