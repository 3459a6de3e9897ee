namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// Lumped thermal model of the hotplate: heater element node -> plate node -> RTD node (first-order
/// lag) -> transport delay, plus an optional wafer node coupled through the proximity gap and losing
/// heat from its top face (so its surface settles below the plate). Losses are natural convection
/// (dT^1.25), radiation (T^4) and conduction, so they grow faster than linearly with temperature;
/// the edge runs colder than the centre in proportion to them. Disturbances: wafer placement, lid
/// open, exhaust draught, supply sag, failed heater element, welded SSR. Explicit Euler at a fixed
/// physics step.
/// </summary>
public sealed class HotplatePlant
{
    private const double StefanBoltzmann = 5.670374419e-8;
    private const double Kelvin = 273.15;

    private readonly HotplateParameters _p;
    private readonly double[] _delayLine;
    private readonly double _stepS;
    private int _delayIndex;

    public HotplatePlant(HotplateParameters parameters, double stepS, double initialC)
    {
        var error = parameters.Validate();
        if (error is not null) throw new ArgumentException(error, nameof(parameters));
        if (stepS is not (> 0 and <= 0.1)) throw new ArgumentOutOfRangeException(nameof(stepS), "physics step must be in (0, 0.1] s");
        _p = parameters;
        _stepS = stepS;
        ElementC = PlateC = SensorNodeC = initialC;
        WaferC = parameters.Wafer.InitialC;
        _delayLine = new double[Math.Max(1, (int)Math.Round(parameters.SensorDeadTimeS / stepS))];
        Array.Fill(_delayLine, initialC);
    }

    public HotplateParameters Parameters => _p;
    public double StepS => _stepS;
    public double ElementC { get; private set; }
    /// <summary>True plate temperature (what a wafer on it sees), °C.</summary>
    public double PlateC { get; private set; }
    /// <summary>Temperature of the RTD itself (before the transport delay), °C.</summary>
    public double SensorNodeC { get; private set; }
    /// <summary>The RTD temperature the converter reports now (after the transport delay), °C.</summary>
    public double DelayedSensorC => _delayLine[_delayIndex];
    public double WaferC { get; private set; }
    public bool WaferPresent { get; private set; }
    /// <summary>Heat capacity and gap conductance of the wafer on the plate now.</summary>
    public double WaferHeatCapacityJPerK { get; private set; }
    public double WaferToPlateWPerK { get; private set; }
    /// <summary>Centre and edge of the plate: the RTD well sits at mid-radius, where <see cref="PlateC"/> is.</summary>
    public double CentreC => PlateC + 0.5 * _p.Plate.CentreToEdgeCPerW * LossW(PlateC);
    public double EdgeC => PlateC - 0.5 * _p.Plate.CentreToEdgeCPerW * LossW(PlateC);
    public bool LidOpen { get; set; }
    /// <summary>The exhaust draws harder than at commissioning: convection rises by DraughtConvectionFactor.</summary>
    public bool Draught { get; set; }
    /// <summary>SSR failed shorted: the heater runs at full power whatever the output is told.</summary>
    public bool SsrWelded { get; set; }
    /// <summary>Supply voltage as a fraction of nominal (a sag to 0.85 gives 72 % heater power).</summary>
    public double SupplyVoltageFactor { get; set; } = 1;
    /// <summary>Open heater element: no power however the SSR is driven.</summary>
    public bool HeaterFailed { get; set; }
    /// <summary>RTD come loose from its well: it then follows the air, not the plate.</summary>
    public bool SensorDetached { get; set; }
    /// <summary>Heater power delivered in the last step, W.</summary>
    public double HeaterPowerW { get; private set; }

    /// <summary>A cold wafer of the documented kind lands on the plate at <paramref name="waferC"/>.</summary>
    public void PlaceWafer(double waferC) => PlaceWafer(waferC, _p.Wafer.HeatCapacityJPerK, _p.Wafer.ToPlateWPerK);

    /// <summary>A wafer (or coupon) of the given heat capacity and gap conductance lands at <paramref name="waferC"/>.</summary>
    public void PlaceWafer(double waferC, double heatCapacityJPerK, double toPlateWPerK)
    {
        if (!(heatCapacityJPerK > 0) || !(toPlateWPerK > 0)) throw new ArgumentOutOfRangeException(nameof(heatCapacityJPerK), "wafer heat capacity and gap conductance must be > 0");
        WaferPresent = true;
        WaferC = waferC;
        WaferHeatCapacityJPerK = heatCapacityJPerK;
        WaferToPlateWPerK = toPlateWPerK;
    }

    public void RemoveWafer() => WaferPresent = false;

    /// <summary>Heat lost from the plate to the room at plate temperature <paramref name="plateC"/>, W.</summary>
    public double LossW(double plateC)
    {
        double dT = plateC - _p.AmbientC;
        double convection = _p.ConvectionCoefficient * _p.LossAreaM2 * Math.Sign(dT) * Math.Pow(Math.Abs(dT), 1.25);
        if (LidOpen) convection *= _p.LidOpenConvectionFactor;
        if (Draught) convection *= _p.DraughtConvectionFactor;
        double tp = plateC + Kelvin, ta = _p.AmbientC + Kelvin;
        double radiation = _p.Emissivity * StefanBoltzmann * _p.LossAreaM2 * (tp * tp * tp * tp - ta * ta * ta * ta);
        return convection + radiation + _p.ConductionLossWPerK * dT;
    }

    /// <summary>Advances one physics step with the SSR on or off for all of it.</summary>
    public void Step(bool heaterOn)
    {
        double dt = _stepS;
        double v = SupplyVoltageFactor;
        HeaterPowerW = (heaterOn || SsrWelded) && !HeaterFailed ? _p.HeaterPowerW * v * v : 0;

        double elementToPlate = _p.ElementToPlateWPerK * (ElementC - PlateC);
        double plateToWafer = WaferPresent ? WaferToPlateWPerK * (PlateC - WaferC) : 0;
        double loss = LossW(PlateC);

        ElementC += dt * (HeaterPowerW - elementToPlate) / _p.ElementHeatCapacityJPerK;
        PlateC += dt * (elementToPlate - loss - plateToWafer) / _p.PlateHeatCapacityJPerK;
        if (WaferPresent) WaferC += dt * (plateToWafer - _p.Wafer.LossWPerK * (WaferC - _p.AmbientC)) / WaferHeatCapacityJPerK;

        // A detached RTD drifts to the air with a slow time constant instead of following the plate.
        double sensorTarget = SensorDetached ? _p.AmbientC : PlateC;
        double sensorTau = SensorDetached ? 30 * _p.SensorTimeConstantS : _p.SensorTimeConstantS;
        SensorNodeC += dt * (sensorTarget - SensorNodeC) / sensorTau;

        _delayLine[_delayIndex] = SensorNodeC;
        _delayIndex = (_delayIndex + 1) % _delayLine.Length;
    }
}
