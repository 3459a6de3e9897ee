namespace DispenseStation.Firmware.Ports
{
    /// <summary>A debounced digital input: e-stop, lid/door switch, bottle-present switch.</summary>
    public interface IDigitalInput
    {
        /// <summary>True when the input is in its active (alarm) state.</summary>
        bool IsActive { get; }
    }
}
