namespace DispenseStation.Firmware.Ports
{
    /// <summary>One pump channel (stepper or PWM-driven peristaltic pump).</summary>
    public interface IPumpOutput
    {
        /// <summary>Speed as a fraction of the channel's maximum, 0..1; 0 stops the pump.</summary>
        void SetSpeed(double fraction);

        /// <summary>The speed the pump is commanded to now.</summary>
        double CommandedSpeed { get; }
    }
}
