using DispenseStation.Firmware.Ports;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>A digital input the operator (or a test) sets: e-stop button, interlock switch.</summary>
public sealed class SwitchInput : IDigitalInput
{
    private volatile bool _active;

    public bool IsActive
    {
        get => _active;
        set => _active = value;
    }
}
