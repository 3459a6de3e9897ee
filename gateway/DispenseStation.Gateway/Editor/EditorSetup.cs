namespace DispenseStation.Gateway.Editor;

/// <summary>Registers the recipe and bake-profile editor's services and maps its API (one call each from the gateway's setup).</summary>
public static class EditorSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<RecipeVersionStore>();
        services.AddSingleton<RecipeEditor>();
    }

    public static void Map(IEndpointRouteBuilder api)
    {
        RecipeVersionsApi.Map(api);
        BakeProfileVersionsApi.Map(api);
    }
}
