namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Everything the hotplate controller is built with. Plain values; set before construction.</summary>
    public sealed class HotplateConfig
    {
        /// <summary>Control period: Tick is expected this often, ms (the MAX31865 converts in ~55 ms).</summary>
        public long TickPeriodMs = 100;
        /// <summary>Gains until an autotune or stored calibration replaces them: a gentle PI.</summary>
        public PidGains Gains = new PidGains(0.03, 300, 0);
        public PidSettings Pid = ProjectPidSettings();
        /// <summary>Add the learned steady-state (and ramp) duty to the PID output.</summary>
        public bool UseFeedForward = true;
        /// <summary>Room temperature assumed by the feed-forward model until autotune measures, °C.</summary>
        public double AmbientC = 22;
        /// <summary>Highest setpoint a program may ask for, °C (kept well under the safety cut-off).</summary>
        public double MaxSetpointC = 180;
        public ThermalSafetyLimits Safety = new ThermalSafetyLimits();
        /// <summary>Tuning-set versions the station keeps for restore (1..8; the oldest drop out).</summary>
        public int TuningSetsKept = TuningSetStore.MaxCapacity;
        /// <summary>
        /// Shape setpoint changes (steps and ramp ends) into a path the plate can follow, with the PID
        /// compared against the reading the model expects (see <see cref="SetpointTrajectory"/>).
        /// Needs feed-forward and a model with a time constant; otherwise the setpoint passes through.
        /// </summary>
        public bool ShapeSetpoint = true;
        /// <summary>Duty the shaped path may plan to use when heating; the rest is the PID's headroom.</summary>
        public double ShapingMaxDuty = 1.0;
        /// <summary>Fraction of the plate's natural (heater-off) cooling rate the shaped path may plan on.</summary>
        public double ShapingFallFraction = 0.8;
        /// <summary>Time constant of the shaped path's final approach, in plate dead times.</summary>
        public double ApproachDeadTimes = 1.0;
        /// <summary>
        /// Lag of the PID's reference behind the shaped path, in plate dead times (what the RTD shows of a
        /// planned move). Half, as in the half rule: the fitted dead time is half lags (element, RTD) the
        /// feed-forward already drives through. On the documented plate 0.5 took the IAE of the 100 -> 110 °C
        /// step from 191 to 150 °C·s over five seeds with overshoot still under 0.1 °C; 1.0 had the plate
        /// outrun the reference and the PID brake it.
        /// </summary>
        public double ReferenceLagDeadTimes = 0.5;
        /// <summary>Shaping starts once the reading first comes this close to the setpoint (after a start or a cool-down), °C.</summary>
        public double ShapingEngageC = 0.5;
        /// <summary>Dead time used for shaping when the model has none (e.g. restored without it), s.</summary>
        public double AssumedDeadTimeS = 9;
        /// <summary>
        /// Heater power at nominal mains, W (hardware/BOM.md item 8: 1200 W at 230 V). Converts the
        /// energy a cold wafer takes into duty-seconds for the drop feed-forward.
        /// </summary>
        public double HeaterPowerW = 1200;
        /// <summary>
        /// Proximity-gap conductance between plate and wafer, W/K (200 mm wafer on 0.1 mm pins: air
        /// 0.032 W/(m K) / 0.1 mm x 0.031 m²). Used for the wafer estimate.
        /// </summary>
        public double WaferGapWPerK = 10;
        /// <summary>Pay the drop's booked energy over this time constant (front-loaded; the element's lag spreads it), s.</summary>
        public double DropPayoutTimeConstantS = 1.5;
        /// <summary>
        /// Take back what the heater got beyond the booked energy over this time constant, s. On the
        /// documented plate (8 seeds) 6 s kept the plate within +0.05 °C after recovery; 15 s let it
        /// overshoot 0.16 °C and never taking back 0.29 °C, each a little faster for the wafer.
        /// </summary>
        public double DropTakeBackTimeConstantS = 6;
        /// <summary>
        /// The PID is held (no error seen, integrator kept) for at least this long after wafer-down: the dip
        /// is the feed-forward's job, and answering it from a reading seconds late would come back as
        /// overshoot or a second sag once the wafer is warm; also how long the drop's energy account stays open, s.
        /// </summary>
        public double DropIntegratorHoldS = 15;
        /// <summary>
        /// While the wafer estimate is more than <see cref="DropWaferLiftUntilGapC"/> below the setpoint after
        /// wafer-down, the plate's target is lifted by <see cref="DropWaferLiftGain"/> times the excess, at most
        /// this much, °C (0 = off). The wafer closes its gap through the proximity gap; a plate a little warmer
        /// closes it faster, and the lift fades as the gap does, with the wafer's time constant. It ends as the
        /// wafer (estimated) enters its band, so the plate's lag does not carry it above the setpoint, and it is
        /// kept well under the 0.1 °C the plate may sit above its target after the dip and the wafer above its
        /// setpoint: on 16 seeds (25 wafers each) the slowest wafer came within ±0.1 °C 0.9-5.0 s sooner, the
        /// highest wafer peak was 0.081 °C (0.087 before) and the plate at most 0.07 °C above its target.
        /// </summary>
        public double DropWaferLiftMaxC = 0.05;
        /// <summary>Lift of the plate target per °C the wafer estimate is below the setpoint (see <see cref="DropWaferLiftMaxC"/>).</summary>
        public double DropWaferLiftGain = 1;
        /// <summary>The lift ends once the wafer is estimated this close below the setpoint, °C (see <see cref="DropWaferLiftMaxC"/>).</summary>
        public double DropWaferLiftUntilGapC = 0.1;
        /// <summary>
        /// Time constant of the heat path from the heater mat into the plate, s (hardware/plant/hotplate.md:
        /// element 80 J/K over 18 W/K to the plate, 4.4 s). The drop's model delays the heat it pays by it.
        /// </summary>
        public double ElementLagS = 4.4;
        /// <summary>
        /// Lag of the reading behind the plate, s (hardware/plant/hotplate.md: PT100 in its well 2.5 s, plus
        /// 1.5 s of heat travel and converter filtering). The drop's model shows the PID its dip through it.
        /// The fitted dead time is longer (~10 s: a first-order fit of these lags); half of it for each lag
        /// predicted a dip that recovered seconds later than the reading did.
        /// </summary>
        public double ReadingLagS = 4.0;
        /// <summary>
        /// Alpha of the measurement observer (see <see cref="MeasurementObserver"/>); 1 = raw reading.
        /// 0.15 cut the plate's 600 s hold peak-to-peak under RTD noise without slowing the step.
        /// </summary>
        public double ObserverAlpha = 0.15;

        /// <summary>
        /// The project's PID structure: filtered D on measurement, back-calculation anti-windup, rate limit.
        /// The tracking time (2 x sqrt(Ti Td)) decides when the output leaves saturation on a big step;
        /// on the documented plate it gave the lowest IAE without overshoot (shorter: slow creep in;
        /// longer: windup overshoot). Setpoint weight 1: with feed-forward and D on measurement the
        /// step response is already gentle, and a lower weight only slowed the approach.
        /// </summary>
        public static PidSettings ProjectPidSettings()
        {
            PidSettings settings = new PidSettings();
            settings.SamplePeriodS = 0.1;
            settings.DerivativeFilterN = 4; // D noise gain Kp*N: 8 doubled the plate's hold wander under RTD noise
            settings.SetpointWeight = 1;
            settings.DerivativeOnMeasurement = true;
            settings.AntiWindup = AntiWindup.BackCalculation;
            settings.TrackingFactor = 2;
            settings.OutputRateLimitPerS = 2;
            return settings;
        }

        public string Validate()
        {
            if (TickPeriodMs < 10 || TickPeriodMs > 10000) return "TickPeriodMs must be in [10, 10000] ms";
            if (Gains == null) return "Gains are required";
            string error = Gains.Validate();
            if (error != null) return "Gains." + error;
            if (Pid == null) return "Pid settings are required";
            error = Pid.Validate();
            if (error != null) return "Pid." + error;
            double periodS = TickPeriodMs / 1000.0;
            if (Pid.SamplePeriodS < periodS * 0.999 || Pid.SamplePeriodS > periodS * 1.001)
                return "Pid.SamplePeriodS must equal TickPeriodMs / 1000";
            if (Safety == null) return "Safety limits are required";
            error = Safety.Validate();
            if (error != null) return "Safety." + error;
            if (!(ShapingMaxDuty > 0) || ShapingMaxDuty > 1) return "ShapingMaxDuty must be in (0, 1]";
            if (!(ShapingFallFraction > 0) || ShapingFallFraction > 1) return "ShapingFallFraction must be in (0, 1]";
            if (!(ApproachDeadTimes >= 0) || ApproachDeadTimes > 20) return "ApproachDeadTimes must be in [0, 20]";
            if (!(ReferenceLagDeadTimes >= 0) || ReferenceLagDeadTimes > 5) return "ReferenceLagDeadTimes must be in [0, 5]";
            if (!(ShapingEngageC > 0) || ShapingEngageC > 20) return "ShapingEngageC must be in (0, 20] °C";
            if (!(AssumedDeadTimeS >= 0) || AssumedDeadTimeS > 120) return "AssumedDeadTimeS must be in [0, 120] s";
            if (!(HeaterPowerW > 0) || HeaterPowerW > 10000) return "HeaterPowerW must be in (0, 10000] W";
            if (!(WaferGapWPerK > 0) || WaferGapWPerK > 1000) return "WaferGapWPerK must be in (0, 1000] W/K";
            if (!(DropPayoutTimeConstantS > 0) || DropPayoutTimeConstantS > 60) return "DropPayoutTimeConstantS must be in (0, 60] s";
            if (!(DropTakeBackTimeConstantS > 0) || DropTakeBackTimeConstantS > 600) return "DropTakeBackTimeConstantS must be in (0, 600] s";
            if (!(DropIntegratorHoldS >= 0) || DropIntegratorHoldS > 300) return "DropIntegratorHoldS must be in [0, 300] s";
            if (!(DropWaferLiftMaxC >= 0) || DropWaferLiftMaxC > 0.1) return "DropWaferLiftMaxC must be in [0, 0.1] °C";
            if (!(DropWaferLiftUntilGapC >= 0) || DropWaferLiftUntilGapC > 10) return "DropWaferLiftUntilGapC must be in [0, 10] °C";
            if (!(DropWaferLiftGain >= 0) || DropWaferLiftGain > 10) return "DropWaferLiftGain must be in [0, 10]";
            if (!(ElementLagS >= 0) || ElementLagS > 120) return "ElementLagS must be in [0, 120] s";
            if (!(ReadingLagS >= 0) || ReadingLagS > 120) return "ReadingLagS must be in [0, 120] s";
            if (!(ObserverAlpha > 0) || ObserverAlpha > 1) return "ObserverAlpha must be in (0, 1]";
            if (TuningSetsKept < 1 || TuningSetsKept > TuningSetStore.MaxCapacity) return "TuningSetsKept must be in [1, 8]";
            if (!(MaxSetpointC > AmbientC) || MaxSetpointC >= Safety.MaxTemperatureC)
                return "MaxSetpointC must be above AmbientC and below Safety.MaxTemperatureC";
            return null;
        }
    }
}
