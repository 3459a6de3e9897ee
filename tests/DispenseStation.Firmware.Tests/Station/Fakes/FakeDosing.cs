using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Processes;

namespace DispenseStation.Firmware.Tests.Station.Fakes;

/// <summary>
/// Bottle, scale and pumps reduced to bookkeeping: a pump adds <see cref="FlowGramsPerS"/> while
/// dosing and stops exactly at the target. <see cref="Bottle"/> (the physical mass) is shared across
/// "reboots" by passing the same instance; the tare offset is what the station must persist.
/// </summary>
public sealed class FakeDosing : IDosingProcess
{
    private readonly IClock _clock;
    private long _lastMs = -1;
    private double _doseTarget, _doseStartGross;
    private long _doseStartMs;
    private bool _tareRequested;

    public FakeDosing(IClock clock, BottleMass bottle, int channels = 6)
    {
        _clock = clock;
        Bottle = bottle;
        ChannelCount = channels;
    }

    public sealed class BottleMass
    {
        public double GrossGrams = 120; // the empty bottle
    }

    public BottleMass Bottle { get; }
    public double TareOffset { get; set; }
    public double FlowGramsPerS { get; set; } = 2;
    public bool ForceUnstable { get; set; }
    /// <summary>When set, the next dose stops after this many grams with "no-flow".</summary>
    public double? NoFlowAfterGrams { get; set; }
    public double InFlight { get; set; } = 0.02;

    public bool PumpsPermitted { get; set; } = true;
    public int ChannelCount { get; }
    public double NetGrams => Bottle.GrossGrams - TareOffset;
    public bool IsStable => !IsDosing && !ForceUnstable;
    public bool TareDone { get; private set; }
    public bool IsDosing { get; private set; }
    public int ActiveChannel { get; private set; } = -1;
    public bool DoseFinished { get; private set; }
    public bool DoseSucceeded { get; private set; }
    public double DoseActualGrams => Bottle.GrossGrams - _doseStartGross;
    public long DoseDurationMs { get; private set; }
    public string FaultCode { get; private set; } = null!;
    public bool PumpRunOn { get; set; }
    public List<(int Channel, double Target)> DosesStarted { get; } = new();

    public void BeginTare()
    {
        _tareRequested = true;
        TareDone = false;
    }

    public void StartDose(int channel, double targetGrams, double toleranceGrams, double timeoutS)
    {
        DosesStarted.Add((channel, targetGrams));
        ActiveChannel = channel;
        _doseTarget = targetGrams;
        _doseStartGross = Bottle.GrossGrams;
        _doseStartMs = _clock.UptimeMs;
        IsDosing = true;
        DoseFinished = false;
        DoseSucceeded = false;
        DoseDurationMs = 0;
        FaultCode = null!;
    }

    public void Stop()
    {
        IsDosing = false;
        ActiveChannel = -1;
    }

    public void Tick()
    {
        long now = _clock.UptimeMs;
        double dt = _lastMs < 0 ? 0 : (now - _lastMs) / 1000.0;
        _lastMs = now;
        if (_tareRequested && IsStable)
        {
            TareOffset = Bottle.GrossGrams;
            _tareRequested = false;
            TareDone = true;
        }
        if (!IsDosing || !PumpsPermitted) return;
        double add = Math.Min(FlowGramsPerS * dt, _doseTarget - DoseActualGrams);
        if (NoFlowAfterGrams is double limit && DoseActualGrams + add >= limit)
        {
            Bottle.GrossGrams = _doseStartGross + limit;
            NoFlowAfterGrams = null;
            End(false, "no-flow");
            return;
        }
        Bottle.GrossGrams += add;
        DoseDurationMs = now - _doseStartMs;
        if (DoseActualGrams >= _doseTarget - 1e-9) End(true, null);
    }

    private void End(bool success, string? fault)
    {
        IsDosing = false;
        ActiveChannel = -1;
        DoseFinished = true;
        DoseSucceeded = success;
        FaultCode = fault!;
    }

    public double PumpRate(int channel) => IsDosing && PumpsPermitted && channel == ActiveChannel ? FlowGramsPerS : 0;

    public bool ScaleCalibrated { get; set; } = true;
    public long ScaleCalibratedUtcMs { get; set; } = -1;
    public double ScaleReferenceGrams { get; set; } = double.NaN;

    public void SetScaleCalibration(DispenseStation.Firmware.Scale.ScaleCalibration calibration)
    {
        ScaleCalibrated = calibration.IsCalibrated;
        ScaleCalibratedUtcMs = calibration.CalibratedUtcMs;
        ScaleReferenceGrams = calibration.ReferenceGrams;
    }

    public int ExportParameters(double[] destination)
    {
        destination[0] = TareOffset;
        destination[1] = InFlight;
        destination[2] = ScaleCalibrated ? 1 : 0;
        destination[3] = ScaleCalibratedUtcMs;
        destination[4] = ScaleReferenceGrams;
        return 5;
    }

    public string? ImportParameters(double[] values, int count)
    {
        if (count >= 2) { TareOffset = values[0]; InFlight = values[1]; }
        if (count >= 5) { ScaleCalibrated = values[2] == 1; ScaleCalibratedUtcMs = (long)values[3]; ScaleReferenceGrams = values[4]; }
        return null;
    }
}
