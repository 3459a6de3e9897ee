namespace DispenseStation.Firmware.Thermal
{
    public enum HotplateState
    {
        /// <summary>Heater off, nothing running.</summary>
        Idle = 0,
        /// <summary>Operator duty, PID tracking for a bumpless return to automatic.</summary>
        Manual = 1,
        /// <summary>Running a bake program.</summary>
        Running = 2,
        /// <summary>Relay autotune in progress.</summary>
        Autotuning = 3,
        /// <summary>Program finished; heater off.</summary>
        Completed = 4,
        /// <summary>Safety tripped: heater off, alarm latched until ResetFault.</summary>
        Fault = 5
    }
}
