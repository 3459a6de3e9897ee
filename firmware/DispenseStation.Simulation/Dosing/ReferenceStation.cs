using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// Commissioning of the reference station: per-channel doser settings derived from the pump
/// sizes the way a technician would set them (speeds by pump class, nominal flows by a timed
/// run at each speed), and a 100 g negative-resist batch to dose.
/// </summary>
public static class ReferenceStation
{
    public static DoseChannelSettings[] ChannelSettings(DosingPlantParameters plant) =>
        plant.Channels.Select(Commission).ToArray();

    public static DoseChannelSettings Commission(PumpChannelParameters channel)
    {
        var pump = new SimPump(channel);
        double max = pump.NominalMaxGramsPerS;
        // The drain after stop, which the technician times with a stopwatch on the first shots:
        // liquid in the tube keeps coming for about this long (seconds at 1 cP, far longer at 1000 cP).
        double drainS = pump.DripTimeConstantS + channel.FallDelayS;
        // Big pumps need a gentler dribble relative to their size; small pumps barely move below 10 %.
        (double slow, double dribble) = max > 3 ? (0.2, 0.035) : max > 0.5 ? (0.3, 0.08) : (0.5, 0.15);
        var s = new DoseChannelSettings
        {
            FastSpeed = 1.0,
            SlowSpeed = slow,
            DribbleSpeed = dribble,
            FastFlowGramsPerS = max,
            // Timed runs at each speed: a thick liquid in a thin tube saturates at the refill flow, so these are not max x speed.
            SlowFlowGramsPerS = pump.SteadyFlowGramsPerS(slow),
            DribbleFlowGramsPerS = pump.SteadyFlowGramsPerS(dribble),
            // Leads: the flow that may pass before a switch is seen. The cut-off is scheduled between
            // readings by the modelled flow and the in-flight mass comes from the drain model, so the fast
            // phase hands over with 1.5 s of slow flow left (0.3 s of fast flow on the big pumps, 0.45 s on
            // the middle ones): long enough for the fast phase's surplus in the tube to drain (a few drain
            // time constants) before the dribble; the slow phase with 0.4 s of slow flow left (4 readings). A phase
            // shorter than Doser.MinPhaseS is not started (it would be mostly ramp).
            FastLeadS = 1.5 * slow,
            SlowLeadS = 0.4,
            // Guess high until learned: too much in flight means cutting early and topping up,
            // never an overfill. A steady dribble keeps flow x drain time in flight, and the scale's
            // own filter lag and the pump's run-down come on top: a quarter more.
            InitialInFlightGrams = pump.SteadyFlowGramsPerS(dribble) * Math.Max(1.0, 1.25 * drainS),
            MaxInFlightGrams = Math.Max(pump.SteadyFlowGramsPerS(dribble) * 4, 2 * max * drainS),
            DrainTimeConstantS = drainS,
            NoFlowWindowS = 3.0,
            // A thick liquid drains for many time constants before the weight is stable.
            SettleTimeoutS = Math.Max(10, 8 * drainS),
        };
        s.NoFlowMinGrams = Math.Max(0.01, 0.3 * s.DribbleFlowGramsPerS * s.NoFlowWindowS);
        s.Validate();
        return s;
    }

    /// <summary>Low-speed setting per channel for the slow baseline: the project's dribble speed.</summary>
    public static double[] SlowBaselineSpeeds(DoseChannelSettings[] settings) =>
        settings.Select(s => s.DribbleSpeed).ToArray();

    /// <summary>A 100 g negative resist: targets and tolerances per component (grams).</summary>
    public static BatchComponent[] ResistBatch { get; } =
    [
        new("resin", 40.000, 0.050),
        new("solvent", 54.870, 0.050),
        new("crosslinker", 3.000, 0.010),
        new("pag", 2.000, 0.010),
        new("quencher", 0.080, 0.005),
        new("surfactant", 0.050, 0.005),
    ];
}

public sealed record BatchComponent(string Channel, double TargetGrams, double ToleranceGrams)
{
    /// <summary>Small doses: where the naive doser's in-flight error dominates.</summary>
    public bool IsSmall => TargetGrams < 0.5;
}
