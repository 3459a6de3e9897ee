namespace DispenseStation.Firmware.Thermal
{
    public enum BakeSegmentKind
    {
        /// <summary>Move the setpoint to the target at a rate (0 = step); done when the plate is inside the band at the target.</summary>
        Ramp = 0,
        /// <summary>Hold the target until the plate has spent the hold time inside the band (guaranteed soak).</summary>
        Hold = 1,
        /// <summary>Heater off until the plate is at or below the target.</summary>
        Cool = 2
    }
}
