namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// The stated physics of a dosing line, in SI inside and plant units (mL, g, mm, cP) outside. Each
/// formula names its model; hardware/plant/dosing.md gives the figures and their sources.
/// <list type="bullet">
/// <item>Hagen-Poiseuille, laminar flow in a round tube: ΔP = 128 μ L Q / (π d⁴). Laminar holds: the
///   fastest line (8 mL/s of PGMEA in a 4.8 mm tube) has Re = 4 ρ Q / (π d μ) ≈ 2000 at 1 cP, far less
///   for anything thicker.</item>
/// <item>Peristaltic refill: a roller pass displaces the tube's volume between rollers; the released tube
///   springs back and sucks the next slug through the suction line. Its suction falls as it fills (a
///   linear spring), so the refill is an RC charge with time constant V / Q_r, Q_r = ΔP_s π d⁴ / (128 μ L_s),
///   and the fill reached in one pass period V / Q_d is 1 − exp(−Q_r / Q_d). Delivered flow
///   Q = Q_d (1 − exp(−Q_r / Q_d)): the displacement flow while the refill keeps up, the refill flow
///   (whatever the speed) when it does not.</item>
/// <item>Tube drain after stop: the delivery tube, swollen by the pressure that pushed the flow through its
///   resistance R = 128 μ L_d / (π d⁴), relaxes through that resistance. A thin-walled elastic tube
///   (Young's modulus E, wall t) has compliance C = dV/dP = V d / (t E) with V = π d² L_d / 4, so the drain
///   time constant is τ = R C = 32 μ L_d² / (d t E): linear in viscosity, on top of the nozzle's own
///   (viscosity-free) meniscus time.</item>
/// <item>Drops (Tate's law with the Harkins-Brown correction): a pendant drop hangs from the wetted outer
///   rim of the nozzle until its weight reaches 2π r γ; the drop that falls is m = 2π r γ f / g with
///   f ≈ 0.6, and the rest, (1 − f) of the critical drop, stays on the tip.</item>
/// <item>Dripping or stream: the outlet jets (a continuous stream) above a Weber number
///   We = ρ v² d / γ of about 4 at the nozzle bore (Clanet and Lasheras, J. Fluid Mech. 383, 1999: the
///   dripping-to-jetting transition lies at We of order 1-4 for millimetre nozzles), and drips below it.</item>
/// <item>Syringe: a lead screw of pitch p turned by a stepper of N microsteps per revolution advances a
///   plunger of bore D by p / N per step: π D² p / (4 N) per step, no pulsation, no refill limit.</item>
/// </list>
/// </summary>
public static class TubeFlowPhysics
{
    public const double StandardGravity = 9.80665;
    /// <summary>Harkins and Brown's correction factor for the fraction of the critical drop that falls (≈ 0.6 for r/V^(1/3) of 0.6-1.2).</summary>
    public const double HarkinsBrownFactor = 0.6;
    /// <summary>Weber number at the nozzle bore above which the outlet runs as a stream.</summary>
    public const double JettingWeber = 4;

    private static double Pa(double kPa) => kPa * 1000;
    private static double M(double mm) => mm / 1000;
    private static double PaS(double cP) => cP / 1000;
    private const double M3PerMl = 1e-6;

    /// <summary>Hagen-Poiseuille pressure drop (kPa) for <paramref name="mlPerS"/> through a tube.</summary>
    public static double PressureDropKPa(double viscosityCp, double lengthM, double innerDiameterMm, double mlPerS) =>
        128 * PaS(viscosityCp) * lengthM * mlPerS * M3PerMl / (Math.PI * Math.Pow(M(innerDiameterMm), 4)) / 1000;

    /// <summary>Hagen-Poiseuille flow (mL/s) that <paramref name="pressureKPa"/> drives through a tube.</summary>
    public static double FlowMlPerS(double viscosityCp, double lengthM, double innerDiameterMm, double pressureKPa) =>
        Pa(pressureKPa) * Math.PI * Math.Pow(M(innerDiameterMm), 4) / (128 * PaS(viscosityCp) * lengthM) / M3PerMl;

    /// <summary>Peristaltic delivery: displacement flow <paramref name="displacementMlPerS"/> with each slug refilled through a
    /// suction line that passes at most <paramref name="refillMlPerS"/>: Q_d (1 − exp(−Q_r / Q_d)).</summary>
    public static double RefillLimitedMlPerS(double displacementMlPerS, double refillMlPerS) =>
        displacementMlPerS <= 0 ? 0 : displacementMlPerS * (1 - Math.Exp(-refillMlPerS / displacementMlPerS));

    /// <summary>Drain time constant of an elastic delivery tube through its own resistance: 32 μ L² / (d t E), seconds.</summary>
    public static double TubeRelaxationS(double viscosityCp, double lengthM, double innerDiameterMm, double wallMm, double modulusMPa) =>
        32 * PaS(viscosityCp) * lengthM * lengthM / (M(innerDiameterMm) * M(wallMm) * modulusMPa * 1e6);

    /// <summary>Mass of the drop that falls from a nozzle of outer diameter <paramref name="outerDiameterMm"/>: 2π r γ f / g, grams.</summary>
    public static double DropGrams(double outerDiameterMm, double surfaceTensionMNPerM) =>
        HarkinsBrownFactor * CriticalDropGrams(outerDiameterMm, surfaceTensionMNPerM);

    /// <summary>Weight at which a pendant drop lets go: 2π r γ / g, grams.</summary>
    public static double CriticalDropGrams(double outerDiameterMm, double surfaceTensionMNPerM) =>
        2 * Math.PI * M(outerDiameterMm) / 2 * surfaceTensionMNPerM / 1000 / StandardGravity * 1000;

    /// <summary>Flow (mL/s) above which the nozzle bore jets: We = ρ v² d / γ = <see cref="JettingWeber"/>.</summary>
    public static double JettingFlowMlPerS(double boreMm, double densityGPerMl, double surfaceTensionMNPerM)
    {
        double d = M(boreMm);
        double v = Math.Sqrt(JettingWeber * surfaceTensionMNPerM / 1000 / (densityGPerMl * 1000 * d));
        return v * Math.PI * d * d / 4 / M3PerMl;
    }

    /// <summary>Volume one microstep of a lead-screw syringe pump pushes out: π D² p / (4 N), mL.</summary>
    public static double SyringeMlPerStep(double boreMm, double pitchMm, int stepsPerRevolution) =>
        Math.PI * boreMm * boreMm / 4 * pitchMm / stepsPerRevolution / 1000;
}
