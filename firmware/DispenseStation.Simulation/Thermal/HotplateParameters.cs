using System.Text.Json;
using System.Text.Json.Serialization;

namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// Physical parameters of the simulated hotplate. The documented values live in
/// hardware/plant/hotplate.md and, machine-readable, hardware/plant/hotplate.json (copied next to
/// the simulation assembly as plant/hotplate.json).
/// </summary>
public sealed class HotplateParameters
{
    /// <summary>The plate's size and its centre-to-edge non-uniformity (BOM item 8).</summary>
    public PlateParameters Plate { get; set; } = new();
    /// <summary>Heater power at nominal supply voltage, W (resistive: scales with voltage squared).</summary>
    public double HeaterPowerW { get; set; } = 1200;
    public double NominalVoltageV { get; set; } = 230;
    /// <summary>Heater element and its clamp plate: the first node.</summary>
    public double ElementHeatCapacityJPerK { get; set; } = 80;
    public double ElementToPlateWPerK { get; set; } = 18;
    /// <summary>Aluminium plate (the second node), J/K.</summary>
    public double PlateHeatCapacityJPerK { get; set; } = 1480;
    /// <summary>Area losing heat by convection and radiation, m².</summary>
    public double LossAreaM2 { get; set; } = 0.055;
    /// <summary>Natural convection h * dT^0.25 law: loss = c * A * dT^1.25, W/(m² K^1.25).</summary>
    public double ConvectionCoefficient { get; set; } = 1.6;
    public double Emissivity { get; set; } = 0.8;
    /// <summary>Conduction through legs and insulation, W/K.</summary>
    public double ConductionLossWPerK { get; set; } = 0.35;
    public double AmbientC { get; set; } = 22;
    /// <summary>Convection multiplier while the lid/exhaust hood is open.</summary>
    public double LidOpenConvectionFactor { get; set; } = 3;
    /// <summary>Convection multiplier while the exhaust draws harder than at commissioning (a draught across the plate).</summary>
    public double DraughtConvectionFactor { get; set; } = 1.4;
    /// <summary>RTD in its well: first-order lag, s.</summary>
    public double SensorTimeConstantS { get; set; } = 2.5;
    /// <summary>Transport delay from plate to converter result, s.</summary>
    public double SensorDeadTimeS { get; set; } = 1.5;
    public WaferParameters Wafer { get; set; } = new();
    public SsrParameters Ssr { get; set; } = new();
    public RtdParameters Rtd { get; set; } = new();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The file shipped with the simulation (plant/hotplate.json next to the assembly).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "plant", "hotplate.json");

    public static HotplateParameters LoadDefault() => Load(DefaultPath);

    /// <summary>Loads and validates; throws InvalidDataException naming the field and the rule.</summary>
    public static HotplateParameters Load(string path)
    {
        HotplateParameters? parameters;
        try
        {
            parameters = JsonSerializer.Deserialize<HotplateParameters>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        if (parameters is null) throw new InvalidDataException($"{path}: empty document");
        var error = parameters.Validate();
        if (error is not null) throw new InvalidDataException($"{path}: {error}");
        return parameters;
    }

    /// <summary>Null when physical; otherwise the first field that is not, with its rule.</summary>
    public string? Validate()
    {
        string? Positive(string name, double v) => v > 0 && double.IsFinite(v) ? null : $"{name} must be a finite number > 0 (got {v})";
        string? NonNegative(string name, double v) => v >= 0 && double.IsFinite(v) ? null : $"{name} must be a finite number >= 0 (got {v})";
        return Positive("heaterPowerW", HeaterPowerW)
            ?? Positive("nominalVoltageV", NominalVoltageV)
            ?? Positive("elementHeatCapacityJPerK", ElementHeatCapacityJPerK)
            ?? Positive("elementToPlateWPerK", ElementToPlateWPerK)
            ?? Positive("plateHeatCapacityJPerK", PlateHeatCapacityJPerK)
            ?? Positive("lossAreaM2", LossAreaM2)
            ?? NonNegative("convectionCoefficient", ConvectionCoefficient)
            ?? (Emissivity is >= 0 and <= 1 ? null : $"emissivity must be in [0, 1] (got {Emissivity})")
            ?? NonNegative("conductionLossWPerK", ConductionLossWPerK)
            ?? (AmbientC is > -40 and < 60 ? null : $"ambientC must be in (-40, 60) °C (got {AmbientC})")
            ?? (LidOpenConvectionFactor >= 1 ? null : $"lidOpenConvectionFactor must be >= 1 (got {LidOpenConvectionFactor})")
            ?? (DraughtConvectionFactor >= 1 ? null : $"draughtConvectionFactor must be >= 1 (got {DraughtConvectionFactor})")
            ?? Positive("sensorTimeConstantS", SensorTimeConstantS)
            ?? NonNegative("sensorDeadTimeS", SensorDeadTimeS)
            ?? Plate.Validate() ?? Wafer.Validate() ?? Ssr.Validate() ?? Rtd.Validate();
    }
}

/// <summary>A wafer (or coupon) placed on the plate: a cold mass coupled through the proximity gap.</summary>
public sealed class WaferParameters
{
    /// <summary>200 mm silicon, 0.725 mm thick: 53 g x 705 J/(kg K).</summary>
    public double HeatCapacityJPerK { get; set; } = 37;
    /// <summary>Conductance across the ~0.1 mm proximity gap over the wafer area, W/K.</summary>
    public double ToPlateWPerK { get; set; } = 10;
    /// <summary>
    /// Loss from the wafer's top face to the (covered) chamber, W/K: why the wafer surface settles below
    /// the plate the RTD reads (the surface offset a thermocouple wafer measures).
    /// </summary>
    public double LossWPerK { get; set; } = 0.08;
    public double InitialC { get; set; } = 22;

    public string? Validate() =>
        !(HeatCapacityJPerK > 0) ? "wafer.heatCapacityJPerK must be > 0"
        : !(ToPlateWPerK > 0) ? "wafer.toPlateWPerK must be > 0"
        : !(LossWPerK >= 0) ? "wafer.lossWPerK must be >= 0" : null;
}

/// <summary>The plate itself: what the BOM lists and how uneven it runs.</summary>
public sealed class PlateParameters
{
    public double DiameterMm { get; set; } = 220;
    public double ThicknessMm { get; set; } = 15;
    /// <summary>
    /// Centre minus edge temperature per watt lost to the room, °C/W: the edge loses more than the
    /// distributed-wattage heater makes up for (about 0.3 °C at 110 °C, more with the lid open).
    /// </summary>
    public double CentreToEdgeCPerW { get; set; } = 0.004;

    public string? Validate() =>
        DiameterMm is < 100 or > 400 ? $"plate.diameterMm must be in [100, 400] (got {DiameterMm})"
        : ThicknessMm is < 3 or > 40 ? $"plate.thicknessMm must be in [3, 40] (got {ThicknessMm})"
        : CentreToEdgeCPerW is < 0 or > 0.1 ? $"plate.centreToEdgeCPerW must be in [0, 0.1] (got {CentreToEdgeCPerW})" : null;
}

/// <summary>Solid-state relay driven by time-proportioning.</summary>
public sealed class SsrParameters
{
    /// <summary>Time-proportioning window, s.</summary>
    public double WindowS { get; set; } = 1.0;
    /// <summary>Shortest on or off time (zero-cross SSR at 50 Hz: whole mains cycles), s.</summary>
    public double MinSwitchS { get; set; } = 0.02;

    public string? Validate() =>
        WindowS is > 0 and <= 10
            ? MinSwitchS >= 0 && MinSwitchS < WindowS / 2 ? null : "ssr.minSwitchS must be in [0, windowS/2)"
            : "ssr.windowS must be in (0, 10] s";
}

/// <summary>PT100 read by a MAX31865 (15-bit ratio of RTD to reference resistor).</summary>
public sealed class RtdParameters
{
    public double R0Ohm { get; set; } = 100;
    public double ReferenceOhm { get; set; } = 430;
    public int AdcBits { get; set; } = 15;
    /// <summary>Input-referred noise (RMS) on the resistance, Ω: about 0.016 °C on a PT100.</summary>
    public double NoiseOhm { get; set; } = 0.006;
    /// <summary>IEC 60751 class tolerance ±(ClassToleranceC + ClassToleranceSlope·|t|) °C (class A: 0.15 + 0.002·t).</summary>
    public double ClassToleranceC { get; set; } = 0.15;
    public double ClassToleranceSlope { get; set; } = 0.002;
    /// <summary>Reference resistor tolerance as a fraction (0.1 % on the Adafruit 3328).</summary>
    public double ReferenceTolerance { get; set; } = 0.001;

    /// <summary>The class tolerance at <paramref name="celsius"/>, °C.</summary>
    public double ToleranceC(double celsius) => ClassToleranceC + ClassToleranceSlope * Math.Abs(celsius);

    public string? Validate() =>
        R0Ohm <= 0 ? "rtd.r0Ohm must be > 0"
        : ReferenceOhm <= R0Ohm ? "rtd.referenceOhm must exceed rtd.r0Ohm"
        : AdcBits is < 8 or > 24 ? "rtd.adcBits must be in [8, 24]"
        : NoiseOhm < 0 ? "rtd.noiseOhm must be >= 0"
        : ClassToleranceC is < 0 or > 2 ? "rtd.classToleranceC must be in [0, 2] °C"
        : ClassToleranceSlope is < 0 or > 0.02 ? "rtd.classToleranceSlope must be in [0, 0.02]"
        : ReferenceTolerance is < 0 or > 0.01 ? "rtd.referenceTolerance must be in [0, 0.01]" : null;
}
