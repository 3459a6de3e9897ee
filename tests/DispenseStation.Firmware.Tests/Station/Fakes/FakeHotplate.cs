using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Processes;

namespace DispenseStation.Firmware.Tests.Station.Fakes;

/// <summary>A hotplate that follows its program exactly: linear ramps (10 °C/s when the ramp is
/// 0 = as fast as possible), then the hold. Faults are injected by the test.</summary>
public sealed class FakeHotplate : IHotplateProcess
{
    private readonly IClock _clock;
    private double[] _sp = [], _ramp = [], _hold = [];
    private int _count;
    private long _lastMs = -1;
    private double _holdElapsedS;

    public FakeHotplate(IClock clock) => _clock = clock;

    public bool HeaterPermitted { get; set; } = true;
    public bool IsRunning { get; private set; }
    public bool IsComplete { get; private set; }
    public int SegmentIndex { get; private set; }
    public int SegmentsCompleted { get; private set; }
    public string FaultCode { get; set; } = null!;
    public double PlateC { get; private set; } = 22;
    public double SetpointC { get; private set; } = double.NaN;
    public double HeaterDuty { get; private set; }
    public int ProgramsStarted { get; private set; }
    public double LearnedGain { get; set; } = 1.5;

    public void StartProgram(double[] setpointC, double[] rampCPerMin, double[] holdS, double[] bandC, int count)
    {
        _sp = setpointC[..count]; _ramp = rampCPerMin[..count]; _hold = holdS[..count];
        _count = count;
        SegmentIndex = 0; SegmentsCompleted = 0; _holdElapsedS = 0;
        IsRunning = true; IsComplete = false; _lastMs = _clock.UptimeMs;
        ProgramsStarted++;
    }

    public void Stop()
    {
        IsRunning = false;
        HeaterDuty = 0;
        SetpointC = double.NaN;
    }

    public void Tick()
    {
        long now = _clock.UptimeMs;
        double dt = _lastMs < 0 ? 0 : (now - _lastMs) / 1000.0;
        _lastMs = now;
        if (FaultCode != null || !HeaterPermitted) { Stop(); }
        if (!IsRunning) { PlateC += (22 - PlateC) * Math.Min(1, dt / 60); return; }
        HeaterDuty = 0.4;
        double sp = _sp[SegmentIndex];
        SetpointC = sp;
        double rate = _ramp[SegmentIndex] > 0 ? _ramp[SegmentIndex] / 60 : 10;
        if (Math.Abs(PlateC - sp) > 1e-9)
        {
            double step = rate * dt;
            PlateC = PlateC < sp ? Math.Min(sp, PlateC + step) : Math.Max(sp, PlateC - step);
            return;
        }
        _holdElapsedS += dt;
        if (_holdElapsedS >= _hold[SegmentIndex])
        {
            SegmentsCompleted++;
            _holdElapsedS = 0;
            if (SegmentIndex + 1 >= _count) { IsRunning = false; IsComplete = true; HeaterDuty = 0; }
            else SegmentIndex++;
        }
    }

    public double SecondsOutsideBand(int index) => 0.25 * index;

    public bool ResetFault()
    {
        FaultCode = null!;
        return true;
    }

    public bool RtdCalibrated { get; set; }
    public long RtdCalibratedUtcMs { get; set; } = -1;

    public string SetRtdCalibration(double reading1C, double reference1C, double reading2C, double reference2C, long calibratedUtcMs)
    {
        string? why = DispenseStation.Firmware.Thermal.RtdCalibration.Check(reading1C, reference1C, reading2C, reference2C);
        if (why != null) return why;
        RtdCalibrated = true;
        RtdCalibratedUtcMs = calibratedUtcMs;
        return null!;
    }

    public int ExportParameters(double[] destination)
    {
        destination[0] = LearnedGain;
        return 1;
    }

    public void ImportParameters(double[] values, int count)
    {
        if (count > 0) LearnedGain = values[0];
    }
}
