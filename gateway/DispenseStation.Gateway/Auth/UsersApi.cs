using System.Text.Json;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Auth;

/// <summary>Body of POST /api/users.</summary>
public sealed record NewUserRequest(string? Name, string? Password, List<string>? Roles);

/// <summary>Body of POST /api/users/{name}: the new roles and whether the account is disabled.</summary>
public sealed record UpdateUserRequest(List<string>? Roles, bool? Disabled);

/// <summary>GET /api/users, POST /api/users, POST /api/users/{name}: supervisors manage accounts; each change is audited with before and after.</summary>
public static class UsersApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/users", async (UserStore store, CancellationToken ct) =>
            (await store.ListAsync(ct)).Select(u => new { u.Name, u.Roles, u.Disabled, u.CreatedAt }))
            .RequireAuthorization(GatewayRoles.Supervisor);

        api.MapPost("/users", async (NewUserRequest? body, HttpContext http, Accounts accounts, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            if (body is null) throw RequestRejectedException.BadRequest("body", "a JSON object with name, password and roles is required");
            var user = await accounts.CreateAsync(body.Name, body.Password, body.Roles, ct);
            await repo.AppendAuditAsync(time.GetUtcNow(), http.User.Name(), AuditEntity.User, user.Name, "user-created",
                JsonSerializer.Serialize(new { before = (object?)null, after = new { roles = user.Roles, disabled = false } }), ct);
            return Results.Created($"/api/users/{user.Name}", new { user.Name, user.Roles, user.Disabled, user.CreatedAt });
        }).RequireAuthorization(GatewayRoles.Supervisor);

        api.MapPost("/users/{name}", async (string name, UpdateUserRequest? body, HttpContext http, UserStore store, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            if (Accounts.NameError(name) is { } why) throw RequestRejectedException.BadRequest("name", why);
            if (body is null) throw RequestRejectedException.BadRequest("body", "a JSON object with roles and/or disabled is required");
            var before = await store.FindAsync(name, ct) ?? throw RequestRejectedException.NotFound("name", $"no user '{name}'");
            var roles = body.Roles ?? before.Roles.ToList();
            var errors = Accounts.CheckRoles(roles);
            if (errors.Count > 0) throw new RequestRejectedException(400, "invalid user", errors);
            var disabled = body.Disabled ?? before.Disabled;
            var actor = http.User.Name();
            // The last supervisor cannot lock everyone out of user management.
            if (before.IsIn(GatewayRoles.Supervisor) && (disabled || !roles.Contains(GatewayRoles.Supervisor))
                && (await store.ListAsync(ct)).Count(u => u.IsIn(GatewayRoles.Supervisor) && !u.Disabled) <= 1)
                throw RequestRejectedException.Conflict("roles", $"'{name}' is the only enabled supervisor");
            await store.UpdateAsync(name, roles.Distinct().ToList(), disabled, time.GetUtcNow(), ct);
            await repo.AppendAuditAsync(time.GetUtcNow(), actor, AuditEntity.User, name, "user-changed", JsonSerializer.Serialize(new
            {
                before = new { roles = before.Roles, disabled = before.Disabled },
                after = new { roles = roles.Distinct(), disabled },
            }), ct);
            return Results.Ok(new { name, roles = roles.Distinct(), disabled });
        }).RequireAuthorization(GatewayRoles.Supervisor);
    }
}
