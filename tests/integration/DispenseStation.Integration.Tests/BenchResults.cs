namespace DispenseStation.Integration.Tests;

/// <summary>Tests that write or read bench/results run one after another, never while another writes.</summary>
public static class BenchResults
{
    public const string Collection = "bench/results";
}
