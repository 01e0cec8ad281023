using Coffer.Core.Authorization;

namespace Coffer.Server.Authorization;

/// <summary>
/// Body of <c>PUT /_coffer/vaults/{name}/roleAssignments/{id}</c>: a role (GUID, ARM id or name) and a principal (object id,
/// or a Coffer client id), with <c>principalIssuer</c> the external issuer's <c>iss</c> when the principal is not a Coffer client.
/// </summary>
public sealed record RoleAssignmentParameters(string? RoleDefinitionId, string? PrincipalId, string? PrincipalIssuer = null);

public sealed record RoleAssignmentDescription(string Id, string RoleDefinitionId, string RoleName, string PrincipalId, string Scope, long CreatedOn,
    string? PrincipalIssuer)
{
    public static RoleAssignmentDescription From(RoleAssignment assignment) => new(
        assignment.Id, assignment.RoleDefinitionId, BuiltInRoles.FindById(assignment.RoleDefinitionId)?.RoleName ?? "(unknown role)",
        assignment.PrincipalId, assignment.Scope, assignment.CreatedOn.ToUnixTimeSeconds(), assignment.PrincipalIssuer);
}

public sealed record RoleAssignmentList(IReadOnlyList<RoleAssignmentDescription> Value);

public sealed record RoleDefinitionDescription(string Id, string RoleName, string Description, IReadOnlyList<string> DataActions, IReadOnlyList<string> NotDataActions)
{
    public static RoleDefinitionDescription From(RoleDefinition role) => new(role.Id, role.RoleName, role.Description, role.DataActions, role.NotDataActions);
}

public sealed record RoleDefinitionList(IReadOnlyList<RoleDefinitionDescription> Value);
