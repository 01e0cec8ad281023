using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Authorization;

/// <summary>
/// Management of who may do what in a vault (admins only): <c>/_coffer/vaults/{name}/accessPolicies</c>,
/// <c>/_coffer/vaults/{name}/roleAssignments/{id}</c> and <c>/_coffer/roleDefinitions</c>. Every change takes effect
/// on the next request (the authorizer's cache is invalidated).
/// </summary>
internal static class VaultAccessEndpoints
{
    public static void MapVaultAccess(this IEndpointRouteBuilder routes)
    {
        var vault = routes.MapGroup(VaultEndpoints.Prefix + "/{name}").WithMetadata(AdminEndpoint.Instance);
        vault.MapGet("/accessPolicies", GetPoliciesAsync);
        vault.MapPut("/accessPolicies/{kind}", UpdatePoliciesAsync);
        vault.MapGet("/roleAssignments", ListAssignmentsAsync);
        vault.MapGet("/roleAssignments/{id}", GetAssignmentAsync);
        vault.MapPut("/roleAssignments/{id}", CreateAssignmentAsync);
        vault.MapDelete("/roleAssignments/{id}", DeleteAssignmentAsync);
        routes.MapGet("/_coffer/roleDefinitions", () => TypedResults.Json(
                new RoleDefinitionList(BuiltInRoles.All.Select(RoleDefinitionDescription.From).ToList()), WireJsonContext.Default.RoleDefinitionList))
            .WithMetadata(AdminEndpoint.Instance);
    }

    private static async Task<IResult> GetPoliciesAsync(string name, VaultAccessCache cache, CancellationToken cancellationToken) =>
        Policies((await cache.GetAsync(name, cancellationToken)).Policies);

    private static async Task<IResult> UpdatePoliciesAsync(string name, string kind, HttpRequest request, IVaultStore vaults, IVaultAccessStore store, VaultAccessCache cache,
        CofferOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.AccessPolicyUpdate);
        var entries = body.Properties?.AccessPolicies ?? throw KeyVaultErrors.BadParameter("properties.accessPolicies is required.");
        var vault = await vaults.GetAsync(name, cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(name);
        var defaults = new PrincipalDefaults(vault.TenantId, options.Authority);
        AccessPolicyChanges.Apply(kind, [], entries, defaults); // validates before the write transaction
        var updated = await store.UpdatePoliciesAsync(name, current => AccessPolicyChanges.Apply(kind, current, entries, defaults), cancellationToken)
            ?? throw KeyVaultErrors.VaultNotFound(name);
        cache.Invalidate(name);
        return Policies(updated);
    }

    private static async Task<IResult> ListAssignmentsAsync(string name, VaultAccessCache cache, CancellationToken cancellationToken) =>
        TypedResults.Json(new RoleAssignmentList((await cache.GetAsync(name, cancellationToken)).Assignments.Select(RoleAssignmentDescription.From).ToList()),
            WireJsonContext.Default.RoleAssignmentList);

    private static async Task<IResult> GetAssignmentAsync(string name, string id, VaultAccessCache cache, CancellationToken cancellationToken)
    {
        var assignment = (await cache.GetAsync(name, cancellationToken)).Assignments.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase))
            ?? throw AssignmentNotFound(id);
        return TypedResults.Json(RoleAssignmentDescription.From(assignment), WireJsonContext.Default.RoleAssignmentDescription);
    }

    private static async Task<IResult> CreateAssignmentAsync(string name, string id, HttpRequest request, IVaultStore vaults, IVaultAccessStore store,
        IClientStore clients, VaultAccessCache cache, TimeProvider time, CofferOptions options)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.RoleAssignmentParameters);
        if (!Guid.TryParse(id, out var guid))
        {
            throw KeyVaultErrors.BadParameter($"The role assignment id '{id}' must be a GUID.");
        }

        var role = (string.IsNullOrWhiteSpace(body.RoleDefinitionId) ? null : BuiltInRoles.Find(body.RoleDefinitionId))
            ?? throw new KeyVaultException(400, "RoleDefinitionDoesNotExist",
                $"The role definition '{body.RoleDefinitionId}' does not exist. Roles: {string.Join(", ", BuiltInRoles.All.Select(r => r.RoleName))}.");
        if (string.IsNullOrWhiteSpace(body.PrincipalId))
        {
            throw KeyVaultErrors.BadParameter("principalId is required.");
        }

        var vault = await vaults.GetAsync(name, cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(name);
        var issuer = new PrincipalDefaults(vault.TenantId, options.Authority).ExternalIssuer(body.PrincipalIssuer);
        var principal = issuer is null ? (await clients.FindAsync(body.PrincipalId.Trim(), cancellationToken))?.ObjectId ?? body.PrincipalId.Trim() : body.PrincipalId.Trim();
        var existing = (await cache.GetAsync(name, cancellationToken)).Assignments;
        if (existing.Any(a => a.RoleDefinitionId == role.Id && string.Equals(a.PrincipalId, principal, StringComparison.OrdinalIgnoreCase) && a.PrincipalIssuer == issuer))
        {
            throw new KeyVaultException(409, "RoleAssignmentExists", $"The principal {principal} already has the role {role.RoleName} on vault {vault.Name}.");
        }

        var assignment = new RoleAssignment(guid.ToString(), role.Id, principal.ToLowerInvariant(),
            $"/subscriptions/{vault.SubscriptionId}/resourcegroups/coffer/providers/microsoft.keyvault/vaults/{vault.Name}", time.GetUtcNow(), issuer);
        if (!await store.CreateAssignmentAsync(vault.Name, assignment, cancellationToken))
        {
            throw new KeyVaultException(409, "RoleAssignmentExists", $"A role assignment with id {id} already exists.");
        }

        cache.Invalidate(name);
        return TypedResults.Json(RoleAssignmentDescription.From(assignment), WireJsonContext.Default.RoleAssignmentDescription, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAssignmentAsync(string name, string id, IVaultAccessStore store, VaultAccessCache cache, CancellationToken cancellationToken)
    {
        await cache.GetAsync(name, cancellationToken); // 404 for an unknown vault
        if (!await store.DeleteAssignmentAsync(name, id, cancellationToken))
        {
            throw AssignmentNotFound(id);
        }

        cache.Invalidate(name);
        return TypedResults.NoContent();
    }

    private static KeyVaultException AssignmentNotFound(string id) =>
        new(404, "RoleAssignmentNotFound", $"The role assignment '{id}' is not found.");

    private static IResult Policies(IReadOnlyList<AccessPolicy> policies) =>
        TypedResults.Json(new AccessPolicyUpdate(new AccessPolicyUpdateProperties(policies.Select(AccessPolicyEntry.From).ToList())),
            WireJsonContext.Default.AccessPolicyUpdate);
}
