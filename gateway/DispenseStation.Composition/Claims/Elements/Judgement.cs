namespace DispenseStation.Composition.Claims.Elements;

/// <summary>Whether one component meets an element: true, false, or null when a catalog figure is missing (Why names it).</summary>
public readonly record struct Judgement(bool? Meets, string Why)
{
    public static Judgement Yes(string why) => new(true, why);
    public static Judgement No(string why) => new(false, why);
    public static Judgement Unknown(string why) => new(null, why);
}
