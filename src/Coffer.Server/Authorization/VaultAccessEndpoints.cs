using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Core.Management;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Authorization;

/// <summary>
/// Management of who may do what in a vault (admins only): <c>/_coffer/vaults/{name}/accessPolicies</c>,
/// <c>/_coffer/vaults/{name}/roleAssignments/{id}</c> and <c>/_coffer/roleDefinitions</c>. Changes go through
/// <see cref="VaultAccessManagement"/>; reads come from the authorizer's cache, which every change invalidates.
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

    private static async Task<IResult> UpdatePoliciesAsync(string name, string kind, HttpRequest request, VaultAccessManagement management)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.AccessPolicyUpdate);
        var entries = body.Properties?.AccessPolicies ?? throw KeyVaultErrors.BadParameter("properties.accessPolicies is required.");
        return Policies(await management.UpdatePoliciesAsync(name, kind, entries.Select(e => e.ToChange()).ToList(), request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> ListAssignmentsAsync(string name, VaultAccessCache cache, CancellationToken cancellationToken) =>
        TypedResults.Json(new RoleAssignmentList((await cache.GetAsync(name, cancellationToken)).Assignments.Select(RoleAssignmentDescription.From).ToList()),
            WireJsonContext.Default.RoleAssignmentList);

    private static async Task<IResult> GetAssignmentAsync(string name, string id, VaultAccessCache cache, CancellationToken cancellationToken)
    {
        var assignment = (await cache.GetAsync(name, cancellationToken)).Assignments.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase))
            ?? throw VaultAccessManagement.AssignmentNotFound(id);
        return TypedResults.Json(RoleAssignmentDescription.From(assignment), WireJsonContext.Default.RoleAssignmentDescription);
    }

    private static async Task<IResult> CreateAssignmentAsync(string name, string id, HttpRequest request, VaultAccessManagement management)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.RoleAssignmentParameters);
        var assignment = await management.CreateAssignmentAsync(name, id, body.RoleDefinitionId, body.PrincipalId, body.PrincipalIssuer, request.HttpContext.RequestAborted);
        return TypedResults.Json(RoleAssignmentDescription.From(assignment), WireJsonContext.Default.RoleAssignmentDescription, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAssignmentAsync(string name, string id, VaultAccessManagement management, CancellationToken cancellationToken)
    {
        await management.DeleteAssignmentAsync(name, id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static IResult Policies(IReadOnlyList<AccessPolicy> policies) =>
        TypedResults.Json(new AccessPolicyUpdate(new AccessPolicyUpdateProperties(policies.Select(AccessPolicyEntry.From).ToList())),
            WireJsonContext.Default.AccessPolicyUpdate);
}
