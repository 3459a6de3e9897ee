using System.Device.Pwm;

namespace DispenseStation.Firmware.Drivers.Tests.Fakes;

/// <summary>A PWM channel that records what the driver asked for.</summary>
public sealed class FakePwmChannel : PwmChannel
{
    public override int Frequency { get; set; }

    public override double DutyCycle { get; set; } = 0.5;

    public bool Running { get; private set; }

    public int Starts { get; private set; }

    public override void Start()
    {
        Running = true;
        Starts++;
    }

    public override void Stop() => Running = false;
}
