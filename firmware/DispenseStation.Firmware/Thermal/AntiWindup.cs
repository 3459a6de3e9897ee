namespace DispenseStation.Firmware.Thermal
{
    /// <summary>How the integrator is kept from winding up while the output is saturated.</summary>
    public enum AntiWindup
    {
        /// <summary>Feed the saturation error back into the integrator (Åström's tracking).</summary>
        BackCalculation = 0,
        /// <summary>Stop integrating when saturated in the direction of the error (conditional integration).</summary>
        Clamping = 1
    }
}
