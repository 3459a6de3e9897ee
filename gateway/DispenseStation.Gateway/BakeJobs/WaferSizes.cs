namespace DispenseStation.Gateway.BakeJobs;

/// <summary>A wafer size a profile may name: its heat capacity (silicon, SEMI thickness, 705 J/(kg K)).</summary>
public sealed record WaferSize(string Name, double DiameterMm, double ThicknessMm, double HeatCapacityJPerK);

/// <summary>
/// The wafer sizes bake profiles may name. Heat capacity = density 2329 kg/m³ x area x SEMI thickness x 705 J/(kg K);
/// the wafer's time constant on the plate is its heat capacity per area over the gap's conductance per area
/// (air, 0.026 W/(m K), over the proximity gap), which does not depend on the diameter.
/// </summary>
public static class WaferSizes
{
    private const double SiliconDensity = 2329, SiliconSpecificHeat = 705, AirConductivity = 0.026;

    public static readonly IReadOnlyList<WaferSize> All =
    [
        Size("100mm", 100, 0.525),
        Size("150mm", 150, 0.675),
        Size("200mm", 200, 0.725),
        Size("300mm", 300, 0.775),
        Size("coupon-25mm", 25, 0.525),
    ];

    public static WaferSize? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>Seconds for the wafer to close 63 % of its gap to the plate across <paramref name="gapMm"/> of air.</summary>
    public static double TimeConstantS(WaferSize size, double gapMm) =>
        SiliconDensity * SiliconSpecificHeat * size.ThicknessMm / 1000 * (gapMm / 1000) / AirConductivity;

    private static WaferSize Size(string name, double diameterMm, double thicknessMm)
    {
        double area = Math.PI * diameterMm * diameterMm / 4 / 1e6;
        return new WaferSize(name, diameterMm, thicknessMm, SiliconDensity * area * thicknessMm / 1000 * SiliconSpecificHeat);
    }
}
