using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class HotplateControllerTests
{
    private readonly FakeSensor _sensor = new() { Celsius = 25 };
    private readonly FakeHeater _heater = new();
    private readonly HotplateController _plate;
    private long _now;

    public HotplateControllerTests()
    {
        _plate = new HotplateController(_sensor, _heater, new HotplateConfig());
        _plate.SetGains(new PidGains(0.2, 50, 4));
        _plate.FeedForward.SetModel(800, 1000, 22);
    }

    private void Tick(int count = 1)
    {
        for (int i = 0; i < count; i++) _plate.Tick(_now += 100);
    }

    [Fact]
    public void Runs_a_program_and_drives_the_heater()
    {
        Tick();
        _plate.SetProgram([BakeSegment.Hold(110, 60, 0.5)]);
        _plate.StartProgram();
        Tick();
        Assert.Equal(HotplateState.Running, _plate.State);
        Assert.Equal(110, _plate.SetpointC);
        Assert.True(_heater.AppliedDuty > 0);
        Assert.Equal(_plate.Duty, _heater.AppliedDuty);
    }

    [Fact]
    public void Tick_allocates_nothing_while_running_a_program()
    {
        Tick();
        _plate.SetProgram([BakeSegment.Ramp(110, 1, 0.5), BakeSegment.Hold(110, 5, 0.5), BakeSegment.Cool(40)]);
        _plate.StartProgram();
        Tick(10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20_000; i++)
        {
            _sensor.Celsius = 25 + 85 * Math.Min(1, i / 8000.0) + (i % 3) * 0.03 - (i > 15000 ? (i - 15000) * 0.02 : 0);
            _plate.Tick(_now += 100);
            _plate.Safety.CheckWatchdog(_now);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(ThermalFault.None, _plate.Fault);
    }

    [Fact]
    public void Tick_allocates_nothing_while_autotuning()
    {
        Tick();
        _plate.StartAutotune(new AutotuneSettings { SetpointC = 110, AmbientC = 22 });
        Tick(10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20_000; i++)
        {
            _sensor.Celsius = 110 + Math.Sin(i / 100.0) + (i % 2) * 0.03;
            _plate.Tick(_now += 100);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void An_invalid_program_is_rejected_and_nothing_changes()
    {
        Tick();
        _plate.SetProgram([BakeSegment.Hold(100, 60, 0.5)]);
        var e = Assert.Throws<ArgumentException>(() => _plate.SetProgram([BakeSegment.Hold(100, 60, 0.5), BakeSegment.Hold(190, 60, 0.5)]));
        Assert.Contains("segments[1].TargetC", e.Message); // above MaxSetpointC 180
        _plate.StartProgram();
        Tick();
        Assert.Equal(100, _plate.SetpointC);
        Assert.Equal(1, _plate.Program.SegmentCount);
    }

    [Fact]
    public void Abort_turns_the_heater_off_at_once()
    {
        Tick();
        _plate.SetProgram([BakeSegment.Hold(110, 60, 0.5)]);
        _plate.StartProgram();
        Tick(5);
        Assert.True(_heater.AppliedDuty > 0);
        _plate.Abort();
        Assert.Equal(0, _heater.AppliedDuty);
        Assert.Equal(HotplateState.Idle, _plate.State);
        Tick(5);
        Assert.Equal(0, _heater.AppliedDuty);
        Assert.Equal(BakeProgramStatus.Aborted, _plate.Program.Status);
    }

    [Fact]
    public void A_sensor_fault_latches_the_plate_in_fault_with_the_heater_off_until_reset()
    {
        Tick();
        _plate.SetProgram([BakeSegment.Hold(110, 60, 0.5)]);
        _plate.StartProgram();
        Tick(5);
        _sensor.FaultBits = SensorFaults.HighThreshold;
        Tick(3);
        Assert.Equal(HotplateState.Fault, _plate.State);
        Assert.Equal(ThermalFault.SensorOpen, _plate.Fault);
        Assert.Equal(0, _heater.AppliedDuty);
        Assert.Throws<InvalidOperationException>(() => _plate.StartProgram());
        Assert.False(_plate.ResetFault()); // still open
        _sensor.FaultBits = 0;
        Tick();
        Assert.True(_plate.ResetFault());
        Assert.Equal(HotplateState.Idle, _plate.State);
        Tick(3);
        Assert.Equal(0, _heater.AppliedDuty);
    }

    [Fact]
    public void Cool_step_keeps_the_heater_off()
    {
        _sensor.Celsius = 110;
        Tick();
        _plate.SetProgram([BakeSegment.Cool(50)]);
        _plate.StartProgram();
        Tick(10);
        Assert.Equal(0, _heater.AppliedDuty);
        while (_sensor.Celsius > 49)
        {
            _sensor.Celsius -= 0.05;
            Tick();
        }
        Assert.Equal(HotplateState.Completed, _plate.State);
    }

    [Fact]
    public void Manual_duty_then_program_is_bumpless()
    {
        _sensor.Celsius = 109.9;
        Tick();
        _plate.SetManual(0.12);
        Tick(50);
        Assert.Equal(0.12, _heater.AppliedDuty, 9);
        _plate.SetProgram([BakeSegment.Hold(110, 60, 0.5)]);
        _plate.StartProgram();
        Tick();
        // Same duty, plus one sample of integral action on the 0.1 °C error.
        Assert.Equal(0.12, _heater.AppliedDuty, 3);
    }

    [Fact]
    public void Bad_configuration_is_rejected_naming_the_field()
    {
        var config = new HotplateConfig { MaxSetpointC = 250 };
        var e = Assert.Throws<ArgumentException>(() => new HotplateController(_sensor, _heater, config));
        Assert.Contains("MaxSetpointC", e.Message);
        config = new HotplateConfig { TickPeriodMs = 200 };
        e = Assert.Throws<ArgumentException>(() => new HotplateController(_sensor, _heater, config));
        Assert.Contains("SamplePeriodS", e.Message);
    }

    [Fact]
    public void Autotune_may_not_exceed_the_safety_cut_off()
    {
        Tick();
        var e = Assert.Throws<ArgumentException>(() => _plate.StartAutotune(new AutotuneSettings { SetpointC = 150, MaxTemperatureC = 210 }));
        Assert.Contains("MaxTemperatureC", e.Message);
        Assert.Equal(HotplateState.Idle, _plate.State);
    }

    [Fact]
    public void Autotune_time_constant_is_corrected_for_the_lag_attenuation_at_the_ultimate_frequency()
    {
        var result = new AutotuneResult { Status = AutotuneStatus.Succeeded, UltimatePeriodS = 40, DeadTimeS = 10, TimeConstantS = 1600 };
        double w = 2 * Math.PI / 40;
        Assert.Equal(1600 / Math.Sqrt(1 + w * 5 * w * 5), HotplateController.DynamicTimeConstant(result), 9);
        result.DeadTimeS = 0;
        Assert.Equal(1600, HotplateController.DynamicTimeConstant(result));
    }

    [Fact]
    public void A_step_between_segments_is_shaped_once_the_plate_regulates()
    {
        _sensor.Celsius = 99.9;
        Tick();
        _plate.SetProgram([BakeSegment.Hold(100, 1, 0.5), BakeSegment.Ramp(110, 0, 0.5), BakeSegment.Hold(110, 60, 0.5)]);
        _plate.StartProgram();
        Tick(12); // the 1 s hold completes
        Assert.Equal(1, _plate.Program.SegmentIndex);
        Assert.Equal(110, _plate.SetpointC); // the program's setpoint is reported as asked ...
        Tick();
        // ... while the plate is steered along a path from 100 °C at the model's rate.
        Assert.InRange(_plate.Trajectory.ShapedC, 100.0, 100.2);
        Assert.True(_plate.Trajectory.ReferenceC < _plate.Trajectory.ShapedC);
    }

    [Fact]
    public void Shaping_settings_are_validated_naming_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => new HotplateController(_sensor, _heater, new HotplateConfig { ShapingMaxDuty = 1.5 }));
        Assert.Contains("ShapingMaxDuty", e.Message);
        e = Assert.Throws<ArgumentException>(() => new HotplateController(_sensor, _heater, new HotplateConfig { ApproachDeadTimes = -1 }));
        Assert.Contains("ApproachDeadTimes", e.Message);
        e = Assert.Throws<ArgumentException>(() => new HotplateController(_sensor, _heater, new HotplateConfig { ReferenceLagDeadTimes = 6 }));
        Assert.Contains("ReferenceLagDeadTimes", e.Message);
        e = Assert.Throws<ArgumentException>(() => new HotplateController(_sensor, _heater, new HotplateConfig { ShapingEngageC = 0 }));
        Assert.Contains("ShapingEngageC", e.Message);
    }
}
