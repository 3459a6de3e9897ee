namespace DispenseStation.Firmware.Thermal
{
    public enum AutotuneStatus
    {
        Idle = 0,
        Running = 1,
        Succeeded = 2,
        /// <summary>Aborted: the plate reached the autotune's maximum temperature.</summary>
        FailedOverTemperature = 3,
        /// <summary>Aborted: no stable oscillation within the maximum time.</summary>
        FailedTimeout = 4,
        /// <summary>Oscillation measured, but no first-order-plus-dead-time model fits it.</summary>
        FailedModelFit = 5,
        Aborted = 6
    }
}
