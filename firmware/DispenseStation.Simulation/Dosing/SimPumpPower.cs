using DispenseStation.Firmware.Ports;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// The pump power relay of the rig: one contact in the supply of every pump driver. A welded
/// contact (<see cref="WeldedOn"/>) keeps the pumps powered whatever the firmware asks; until a
/// controller takes charge of it (<see cref="Fitted"/>) the rig behaves as one without a relay.
/// </summary>
public sealed class SimPumpPower(SimPump[] pumps) : IPumpPower
{
    private bool _enabled;

    public bool IsEnabled => _enabled;
    public bool WeldedOn { get; set; }
    public bool Fitted { get; set; }
    public int Switchings { get; private set; }

    public void SetEnabled(bool enabled)
    {
        if (enabled != _enabled) Switchings++;
        _enabled = enabled;
        Apply();
    }

    /// <summary>Re-applies the contact state (after a test welds or frees it).</summary>
    public void Apply()
    {
        foreach (var pump in pumps) pump.Powered = !Fitted || _enabled || WeldedOn;
    }
}
