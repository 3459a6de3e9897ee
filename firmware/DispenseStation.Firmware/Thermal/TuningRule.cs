namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Rules that turn an autotune result into PID gains.</summary>
    public enum TuningRule
    {
        /// <summary>Classic Ziegler-Nichols from ultimate gain and period: aggressive, ~quarter-decay.</summary>
        ZieglerNichols = 0,
        /// <summary>Tyreus-Luyben from ultimate gain and period: detuned, little overshoot.</summary>
        TyreusLuyben = 1,
        /// <summary>Skogestad SIMC PI from the first-order-plus-dead-time fit, closed-loop time constant = dead time.</summary>
        Simc = 2,
        /// <summary>Lambda (IMC) PI from the first-order-plus-dead-time fit, lambda = 3 x dead time.</summary>
        Lambda = 3,
        /// <summary>SIMC with derivative action for the sensor lag (series PID converted to ISA form).</summary>
        SimcPid = 4
    }
}
