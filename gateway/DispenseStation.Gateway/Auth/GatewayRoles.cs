namespace DispenseStation.Gateway.Auth;

/// <summary>
/// The four roles of the gateway; each is also the name of the authorization policy that requires it.
/// technician: run, hold, resume, abort, confirm prompts, bake jobs. engineer: recipes, bake profiles, gains,
/// autotune, tuning rollback. supervisor: review and release records, manage users. viewer: read only.
/// Every signed-in user may read, whatever their roles (policy <see cref="Viewer"/>).
/// </summary>
public static class GatewayRoles
{
    public const string Technician = "technician";
    public const string Engineer = "engineer";
    public const string Supervisor = "supervisor";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Technician, Engineer, Supervisor, Viewer];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
