namespace DispenseStation.Simulation.Thermal.Peers;

/// <summary>
/// A heater controller from other widely used firmware, rewritten from its public behaviour so that
/// it runs on the same simulated plate as the project: it is called every <see cref="SamplePeriodS"/>
/// with the reading and the target and answers a duty 0..1 for the SSR.
/// </summary>
public interface IPeerController
{
    string Name { get; }
    double SamplePeriodS { get; }
    double Update(double nowS, double measuredC, double targetC);
}

/// <summary>The peer's own autotune: drives the heater until it has its answer.</summary>
public interface IPeerAutotune
{
    bool Finished { get; }
    bool Succeeded { get; }
    double SamplePeriodS { get; }
    double Update(double nowS, double measuredC);
    /// <summary>The controller tuned with what the autotune found.</summary>
    IPeerController CreateController();
    /// <summary>Gains as the peer's users would see them.</summary>
    string Describe();
}
