namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>
    /// The hotplate as a bake job drives it (implemented by the station's thermal process over the
    /// wafer-timed <c>BakeProgramRunner</c>, and by fakes in tests). Every call either applies fully
    /// or returns why not and changes nothing.
    /// </summary>
    public interface IWaferBakePlate
    {
        /// <summary>Loads and starts a wafer-timed program: the plate heads for the first setpoint
        /// and holds it until a wafer is down. Null when started, else why not.</summary>
        string StartWaferProgram(double[] setpointC, double[] holdS, double[] bandC, int count);

        /// <summary>A wafer landed <paramref name="alreadyOnPlateS"/> ago: time on plate counts from
        /// then. False when no wafer-timed program waits for one.</summary>
        bool MarkWaferDown(double alreadyOnPlateS, double waferHeatCapacityJPerK, double waferC);

        /// <summary>The wafer's planned time on plate has passed.</summary>
        bool TimeUp { get; }

        /// <summary>The setpoint of the segment running now, °C.</summary>
        double TargetC { get; }

        /// <summary>The plate reading in the wafer's frame, °C: the calibrated reading minus the surface offset
        /// the plate is held at above the wafer setpoint (the reading itself when none). The hotplate alone
        /// knows the offset it holds, so the job never subtracts one.</summary>
        double WaferFrameC { get; }

        /// <summary>The heat the heater delivers now, W (NaN when unknown: wafer-down detection then has no energy balance).</summary>
        double HeaterW { get; }

        /// <summary>The plate's heat capacity, J/K, from its learned model (NaN without one).</summary>
        double PlateHeatCapacityJPerK { get; }

        /// <summary>The plate model's heat path: heater mat to plate, and the reading behind the plate, s (the hotplate's
        /// ElementLagS and ReadingLagS, which its drop feed-forward uses; wafer-down detection balances with the same).</summary>
        double ElementLagS { get; }
        double ReadingLagS { get; }

        /// <summary>The wafer is off, or was never on (a withdrawn wafer-down): nothing is owed to it, its time
        /// on plate is forgotten, and the plate holds the first setpoint for the next one.</summary>
        void RearmForNextWafer();
    }
}
