using DispenseStation.Firmware.Ports;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>Pump interlock of the simulated station: active while no bottle is on the scale.</summary>
public sealed class BottleInterlock(DosingRig rig) : IDigitalInput
{
    public bool IsActive => !rig.BottlePresent;
}
