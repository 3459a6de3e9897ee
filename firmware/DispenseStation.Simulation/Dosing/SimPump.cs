using DispenseStation.Firmware.Ports;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// A pump channel with its tube and nozzle, stepped every millisecond. The drive ramps toward the commanded speed.
/// A peristaltic head displaces a slug per roller pass (flow follows speed, with roller pulsation) as long as the
/// suction line refills the tube between rollers (Hagen-Poiseuille, <see cref="TubeFlowPhysics"/>); a syringe pushes
/// a fixed volume per microstep from a finite barrel. The delivery tube swells with the pressure that drives the flow
/// and relaxes through its own resistance after stop (the drain, slower for thicker liquid). At the nozzle a stream
/// runs continuously; below the jetting flow the liquid leaves in drops of Tate's mass, and when the rollers stop the
/// relaxing tube draws a little back from the tip (suck-back), so one drop may stay hanging. Falling liquid lands
/// after a short delay. An empty reservoir pumps air; a clog chokes the flow.
/// </summary>
public sealed class SimPump : IPumpOutput
{
    private readonly PumpChannelParameters _p;
    private readonly double[] _fallLine; // grams leaving the tip, per ms slot, until they land
    private int _fallIndex;
    private double _speed;       // actual drive speed 0..1
    private double _revolutions;
    private double _stepPhase;   // syringe: microsteps owed but not yet made
    private double _tubeGrams;   // liquid pushed into the delivery tube's swell, draining out of the nozzle
    private double _hangingGrams; // the pendant drop at the tip
    private double _suckedBackGrams; // drawn back from the tip at the last stop; the next stroke pushes it out first
    private bool _wasTurning;

    public SimPump(PumpChannelParameters parameters)
    {
        _p = parameters;
        TubeWear = parameters.TubeWear;
        ReservoirGrams = parameters.ReservoirGrams;
        _fallLine = new double[Math.Max(1, (int)Math.Round(parameters.FallDelayS * 1000))];
        DropGrams = TubeFlowPhysics.DropGrams(parameters.NozzleOuterDiameterMm, parameters.SurfaceTensionMNPerM);
        CriticalDropGrams = TubeFlowPhysics.CriticalDropGrams(parameters.NozzleOuterDiameterMm, parameters.SurfaceTensionMNPerM);
        JettingGramsPerS = TubeFlowPhysics.JettingFlowMlPerS(parameters.NozzleBoreMm, parameters.DensityGPerMl, parameters.SurfaceTensionMNPerM) * parameters.DensityGPerMl;
        RefillLimitGramsPerS = parameters.IsSyringe ? double.PositiveInfinity
            : TubeFlowPhysics.FlowMlPerS(parameters.ViscosityCp, parameters.SuctionTubeM, parameters.TubeInnerDiameterMm, parameters.RefillSuctionKPa) * parameters.DensityGPerMl;
        if (parameters.IsSyringe)
            MlPerStep = TubeFlowPhysics.SyringeMlPerStep(parameters.SyringeBoreMm, parameters.LeadScrewPitchMm, parameters.StepsPerRevolution);
    }

    public string Name => _p.Name;
    public double CommandedSpeed { get; private set; }
    public double ActualSpeed => _speed;
    public double TubeWear { get; set; }
    /// <summary>0 = open line, 1 = fully blocked.</summary>
    public double Clog { get; set; }
    public double ReservoirGrams { get; set; }
    /// <summary>A failed driver (shorted switch): the pump runs at this speed whatever it is told. Null = healthy.</summary>
    public double? StuckAtSpeed { get; set; }
    /// <summary>Motor supply on (the pump power relay); without it nothing turns, stuck driver or not.</summary>
    public bool Powered { get; set; } = true;
    /// <summary>Every gram this channel has put into the bottle: the truth a dose is judged by.</summary>
    public double DeliveredGrams { get; private set; }
    /// <summary>Pumped liquid on its way to the bottle (draining from the tube or falling); it lands regardless. The drop
    /// hanging at the tip and the suck-back are not in it: they may stay where they are until the next dose.</summary>
    public double InTransitGrams => _tubeGrams + _fallLine.Sum();
    /// <summary>The pendant drop at the nozzle tip, grams (below <see cref="CriticalDropGrams"/>).</summary>
    public double HangingGrams => _hangingGrams;
    /// <summary>Liquid the tube drew back from the tip at the last stop, grams.</summary>
    public double SuckedBackGrams => _suckedBackGrams;
    /// <summary>Mass flow landing in the bottle now, g/s (its momentum loads the scale).</summary>
    public double LandingFlowGramsPerS { get; private set; }
    /// <summary>Mass flow the pump moves now, g/s (before the tip and the fall).</summary>
    public double PumpFlowGramsPerS { get; private set; }
    /// <summary>Mass of a drop falling from this nozzle: Tate's law with the Harkins-Brown factor.</summary>
    public double DropGrams { get; }
    /// <summary>Weight at which the pendant drop lets go.</summary>
    public double CriticalDropGrams { get; }
    /// <summary>Outflow above which the nozzle runs a stream instead of dripping.</summary>
    public double JettingGramsPerS { get; }
    /// <summary>Syringe: volume per microstep, mL (0 for a peristaltic pump).</summary>
    public double MlPerStep { get; }
    /// <summary>Peristaltic: the most the suction line can refill the tube with, g/s (Hagen-Poiseuille at the tube's refill
    /// suction); unlimited for a syringe.</summary>
    public double RefillLimitGramsPerS { get; }

    public void SetSpeed(double fraction) =>
        CommandedSpeed = double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1);

    /// <summary>Full-speed mass flow with the present liquid and tube (no wear sag).</summary>
    public double NominalMaxGramsPerS => Delivered(DisplacementMaxGramsPerS);

    /// <summary>Displacement at full speed less the occlusion's back-slip (peristaltic only).</summary>
    private double DisplacementMaxGramsPerS => _p.IsSyringe ? _p.MaxFlowMlPerS * _p.DensityGPerMl :
        _p.MaxFlowMlPerS * _p.DensityGPerMl * (1 - _p.WearFlowLoss * TubeWear) / (1 + _p.ViscositySlipPerCp * (_p.ViscosityCp - 1));

    private double Delivered(double displacementGramsPerS) =>
        _p.IsSyringe ? displacementGramsPerS : TubeFlowPhysics.RefillLimitedMlPerS(displacementGramsPerS, RefillLimitGramsPerS);

    /// <summary>
    /// Flow at a steady <paramref name="speed"/> with the present liquid and tube, g/s (no ripple, no clog): the displacement
    /// flow at that speed, which is linear in speed but meets zero at <see cref="PumpChannelParameters.SlipSpeed"/> and sags
    /// with speed squared on a worn tube (<see cref="PumpChannelParameters.WearSagAtFullSpeed"/>), as far as the suction line
    /// refills the tube (a thick liquid saturates at the refill flow whatever the speed).
    /// </summary>
    public double SteadyFlowGramsPerS(double speed) => Delivered(DisplacementMaxGramsPerS * SpeedShare(speed));

    private double SpeedShare(double speed)
    {
        double slip = _p.SlipSpeed;
        double share = speed <= slip ? 0 : (speed - slip) / (1 - slip);
        return share * (1 - _p.WearSagAtFullSpeed * TubeWear * speed * speed);
    }

    /// <summary>Drain time constant after stop: the nozzle's own plus the delivery tube's viscous relaxation (32 μ L² / (d t E)),
    /// longer on a worn (softer) tube.</summary>
    public double DripTimeConstantS =>
        (_p.DripTimeConstantS + TubeFlowPhysics.TubeRelaxationS(_p.ViscosityCp, _p.DeliveryTubeM, _p.TubeInnerDiameterMm, _p.TubeWallMm, _p.TubeModulusMPa))
        * (1 + _p.WearDripIncrease * TubeWear);

    /// <summary>Advances one millisecond; returns grams that landed in the bottle.</summary>
    public double StepMillisecond()
    {
        const double dt = 0.001;
        double wanted = Powered ? StuckAtSpeed ?? CommandedSpeed : 0;
        double maxStep = dt / (wanted > _speed ? _p.RampUpS : _p.RampDownS);
        _speed += Math.Clamp(wanted - _speed, -maxStep, maxStep);
        bool turning = _speed > 0;
        if (_wasTurning && !turning) SuckBack();
        _wasTurning = turning;

        // The first strokes after a stop re-compress the relaxed outlet: they push the sucked-back liquid back towards
        // the tip and draw nothing from the reservoir until it is out.
        double displaced = Displaced(dt) * (1 - Math.Clamp(Clog, 0, 1));
        double refill = Math.Min(displaced, _suckedBackGrams);
        _suckedBackGrams -= refill;
        double pumped = Math.Min(displaced - refill, ReservoirGrams);
        ReservoirGrams -= pumped;
        PumpFlowGramsPerS = (pumped + refill) / dt;
        _tubeGrams += pumped + refill;
        double leaving = _tubeGrams * (dt / DripTimeConstantS);
        _tubeGrams -= leaving;

        double landing = _fallLine[_fallIndex];
        _fallLine[_fallIndex] = LeaveNozzle(leaving, dt);
        _fallIndex = (_fallIndex + 1) % _fallLine.Length;
        DeliveredGrams += landing;
        LandingFlowGramsPerS = landing / dt;
        return landing;
    }

    private double Displaced(double dt)
    {
        if (_p.IsSyringe)
        {
            // Whole microsteps only: the plunger moves in steps of MlPerStep.
            _stepPhase += SteadyFlowGramsPerS(_speed) / _p.DensityGPerMl / MlPerStep * dt;
            double steps = Math.Floor(_stepPhase);
            _stepPhase -= steps;
            return steps * MlPerStep * _p.DensityGPerMl;
        }
        _revolutions += _speed * _p.MaxRpm / 60 * dt;
        double ripple = 1 + _p.PulsationAmplitude * Math.Sin(2 * Math.PI * _p.Rollers * _revolutions);
        return SteadyFlowGramsPerS(_speed) * ripple * dt;
    }

    /// <summary>What falls from the tip this millisecond (everything, as a stream, on a channel without
    /// <see cref="PumpChannelParameters.NozzleDrops"/>): a stream carries everything (the pendant drop with it); a dripping
    /// tip grows its drop until it reaches the critical weight, then lets a Tate drop go and keeps the rest.</summary>
    private double LeaveNozzle(double grams, double dt)
    {
        if (!_p.NozzleDrops || grams / dt >= JettingGramsPerS)
        {
            double all = grams + _hangingGrams;
            _hangingGrams = 0;
            return all;
        }
        _hangingGrams += grams;
        double falling = 0;
        while (_hangingGrams >= CriticalDropGrams)
        {
            falling += DropGrams;
            _hangingGrams -= DropGrams;
        }
        return falling;
    }

    /// <summary>The rollers (or the plunger) stopped: the outlet end of the tube relaxes and draws back up to
    /// <see cref="PumpChannelParameters.SuckBackMl"/> from the tip, first from the hanging drop, then from what would
    /// still drain out.</summary>
    private void SuckBack()
    {
        if (!_p.NozzleDrops) return;
        double take = Math.Min(_p.SuckBackMl * _p.DensityGPerMl, _hangingGrams + _tubeGrams);
        double fromDrop = Math.Min(take, _hangingGrams);
        _hangingGrams -= fromDrop;
        _tubeGrams -= take - fromDrop;
        _suckedBackGrams += take;
    }
}
