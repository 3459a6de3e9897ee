namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Latched thermal alarm codes (stable numbers: they go into events and logs).</summary>
    public enum ThermalFault
    {
        None = 0,
        /// <summary>Plate at or above the hard cut-off temperature.</summary>
        OverTemperature = 1,
        /// <summary>RTD open (MAX31865 high threshold, or reading above the plausible range).</summary>
        SensorOpen = 2,
        /// <summary>RTD shorted (MAX31865 low threshold, or reading below the plausible range).</summary>
        SensorShort = 3,
        /// <summary>Converter not answering, or another converter fault bit.</summary>
        SensorNoResponse = 4,
        /// <summary>Reading changed faster than the plate physically can.</summary>
        SensorImplausibleJump = 5,
        /// <summary>Identical reading for too long while heating.</summary>
        SensorStuck = 6,
        /// <summary>High duty for a whole window without the expected rise (heater, SSR or sensor detached).</summary>
        RunawayNoRise = 7,
        /// <summary>Temperature fell away from a setpoint it had reached, and stayed away.</summary>
        RunawayFallingAway = 8,
        /// <summary>Heater left on without the control loop refreshing it.</summary>
        HeaterWatchdog = 9,
        /// <summary>
        /// Plate rising with the heater commanded off: the SSR has failed shorted (welded). Software
        /// cannot switch it off; open the contactor (e-stop) and replace the SSR.
        /// </summary>
        SsrWelded = 10,
        /// <summary>Plate above a setpoint it had reached by more than the margin for the whole window.</summary>
        AboveSetpoint = 11
    }
}
