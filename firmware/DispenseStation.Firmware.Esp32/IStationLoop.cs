namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// What Program needs from the station runtime: one call per control period. Local seam until
    /// the runtime's own type is merged; an adapter over that type implements this (see Program).
    /// </summary>
    public interface IStationLoop
    {
        /// <summary>One control tick: read inputs, run state machine and control, drive outputs,
        /// poll the link. Must not allocate and must return well within the period.</summary>
        void Tick();
    }
}
