namespace DispenseStation.Gateway.Orchestration;

/// <summary>
/// A batch as an operator submits it. Give either <see cref="Recipe"/> (an example recipe id from /api/recipes)
/// or <see cref="RecipeYaml"/> (the recipe text). BatchGrams overrides the recipe's batch size when set.
/// Lots maps material ids of the recipe to the lot numbers of the loaded stock. RecipeVersion, with Recipe, names a saved
/// version of that recipe (0 = the shipped example file, the default); the batch record then names id, version and hash.
/// </summary>
public sealed record BatchRequest(
    string? Recipe,
    string? RecipeYaml,
    string? Station,
    double? BatchGrams,
    string? Operator,
    Dictionary<string, string>? Lots,
    int? RecipeVersion = null);
