using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Errors;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>The recipe library must exist and the catalog must parse, or the gateway does not start (message names the setting).</summary>
public sealed class LibraryOptionsValidator : IValidateOptions<LibraryOptions>
{
    public ValidateOptionsResult Validate(string? name, LibraryOptions o)
    {
        var errors = new List<string>();
        var catalog = LibraryOptions.Resolve(o.CatalogFile);
        if (!File.Exists(catalog)) errors.Add($"{LibraryOptions.Section}:CatalogFile: file '{catalog}' does not exist");
        else
        {
            try { MaterialCatalog.Parse(File.ReadAllText(catalog), catalog); }
            catch (CompositionException e) { errors.Add($"{LibraryOptions.Section}:CatalogFile: {e.Message}"); }
        }
        foreach (var (setting, path) in new[] { ("RecipesDirectory", o.RecipesDirectory), ("StationsDirectory", o.StationsDirectory) })
            if (!Directory.Exists(LibraryOptions.Resolve(path)))
                errors.Add($"{LibraryOptions.Section}:{setting}: folder '{LibraryOptions.Resolve(path)}' does not exist");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
