namespace DispenseStation.Integration.Tests.Faults;

/// <summary>Which outputs a row requires off (and kept off) after its fault.</summary>
[Flags]
internal enum Outputs
{
    None = 0,
    Heater = 1,
    Pumps = 2,
    Both = Heater | Pumps,
}

/// <summary>
/// One fault of the station's fault table: how to reach the state it strikes in, how to inject it,
/// and what must follow. <paramref name="AlarmCode"/> is the alarm the station must raise (null when the
/// expected detection is a refused command, named by <paramref name="Refusal"/>);
/// <paramref name="SafeWithinS"/> bounds the simulated time from the fault until the required
/// outputs are off for good; <paramref name="Record"/> is the PackML state the station must end in.
/// </summary>
internal sealed record FaultRow(
    string Fault,
    string When,
    Func<FaultRig, Task> Arrange,
    Func<FaultRig, Task> Inject,
    string? AlarmCode,
    Outputs MustBeOff,
    double SafeWithinS,
    string Record,
    string? Refusal = null,
    double ObserveS = 5,
    Func<FaultRig, FaultOutcome, string?>? Check = null)
{
    public override string ToString() => Fault + " / " + When;
}

/// <summary>What a row's run showed; a line of the generated report.</summary>
internal sealed record FaultOutcome(
    string Fault,
    string When,
    string DetectedAs,
    double? DetectS,
    double? SafeS,
    double SafeBoundS,
    string Outputs,
    string Record,
    string DataLost,
    bool Passed,
    string Failure);
