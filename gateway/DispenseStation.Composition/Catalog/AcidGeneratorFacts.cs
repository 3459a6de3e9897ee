namespace DispenseStation.Composition.Catalog;

/// <summary>Chemical class of a photoacid generator.</summary>
public enum AcidGeneratorClass
{
    /// <summary>Onium (sulfonium or iodonium) salt of a sulfonic acid, e.g. triphenylsulfonium triflate.</summary>
    OniumSulfonate,
    /// <summary>Onium salt with a non-sulfonate anion (SbF6-, PF6-, ...).</summary>
    OniumOther,
    /// <summary>Sulfonic acid ester of an N-hydroxyimide, e.g. N-(trifluoromethylsulfonyloxy)naphthalimide.</summary>
    NHydroxyimideSulfonate,
    /// <summary>Bis(sulfonyl)diazomethane.</summary>
    Disulfonyldiazomethane,
    /// <summary>Halomethyl triazine (generates HCl/HBr).</summary>
    HalomethylTriazine,
    Other,
}

public enum OniumCation
{
    Sulfonium,
    Iodonium,
}

public sealed record AcidGeneratorFacts(AcidGeneratorClass Class, OniumCation? Cation);
