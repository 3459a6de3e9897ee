namespace DispenseStation.Firmware.Ports
{
    /// <summary>
    /// The hotplate heater (SSR, time-proportioned). Implementations must fail off: at construction,
    /// on <see cref="ForceOff"/>, and whenever they stop being driven.
    /// </summary>
    public interface IHeaterOutput
    {
        /// <summary>Requested duty, 0..1. Values outside are clamped by the implementation.</summary>
        void SetDuty(double duty);

        /// <summary>Heater off now, regardless of any duty set before.</summary>
        void ForceOff();

        /// <summary>The duty the output is applying now (0 after ForceOff).</summary>
        double AppliedDuty { get; }
    }
}
