namespace DispenseStation.Firmware.Ports
{
    /// <summary>
    /// Power to the pump drivers, independent of their speed signals (a relay in the motor supply
    /// or the drivers' enable line). The doser enables it only inside a dose, so a driver stuck on
    /// cannot pump between doses.
    /// </summary>
    public interface IPumpPower
    {
        void SetEnabled(bool enabled);

        bool IsEnabled { get; }
    }
}
