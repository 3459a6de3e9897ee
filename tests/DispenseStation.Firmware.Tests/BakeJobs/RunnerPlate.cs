using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>The wafer-timed BakeProgramRunner behind IWaferBakePlate, with no thermal plant: tests
/// say what the plate reads and advance the runner themselves.</summary>
internal sealed class RunnerPlate : IWaferBakePlate
{
    public BakeProgramRunner Runner { get; } = new();
    public int WaferDowns { get; private set; }
    public double LastAlready { get; private set; } = double.NaN;
    public string? Refuse { get; set; }

    public string? StartWaferProgram(double[] setpointC, double[] holdS, double[] bandC, int count)
    {
        if (Refuse != null) return Refuse;
        var segments = new BakeSegment[count];
        for (int i = 0; i < count; i++) segments[i] = BakeSegment.Hold(setpointC[i], holdS[i], bandC[i]);
        Runner.Abort();
        Runner.Load(segments, 180);
        Runner.EnableWaferTiming();
        Runner.Start(setpointC[0]);
        return null;
    }

    public bool MarkWaferDown(double alreadyOnPlateS, double waferHeatCapacityJPerK, double waferC)
    {
        if (!Runner.MarkWaferDown(alreadyOnPlateS)) return false;
        WaferDowns++;
        LastAlready = alreadyOnPlateS;
        return true;
    }

    public bool TimeUp => Runner.TimeUp;
    public double TargetC => Runner.SegmentTargetC;
    /// <summary>What the test says the plate reads (no surface offset on this plate).</summary>
    public double WaferFrameC { get; set; } = 110;
    /// <summary>Heater power and plate heat capacity the job's detector balances with (NaN: no balance, the signature alone).</summary>
    public double HeaterW { get; set; } = double.NaN;
    public double PlateHeatCapacityJPerK { get; set; } = double.NaN;
    /// <summary>The plate model's lags (HotplateConfig's defaults unless a test says otherwise).</summary>
    public double ElementLagS { get; set; } = new HotplateConfig().ElementLagS;
    public double ReadingLagS { get; set; } = new HotplateConfig().ReadingLagS;
    public int Rearms { get; private set; }
    public void RearmForNextWafer()
    {
        Rearms++;
        Runner.RearmForNextWafer();
    }
}
