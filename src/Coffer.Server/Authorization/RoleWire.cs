using Coffer.Core.Authorization;

namespace Coffer.Server.Authorization;

/// <summary>Body of <c>PUT /_coffer/vaults/{name}/roleAssignments/{id}</c>: a role (GUID, ARM id or name) and a principal (object id, or a Coffer client id).</summary>
public sealed record RoleAssignmentParameters(string? RoleDefinitionId, string? PrincipalId);

public sealed record RoleAssignmentDescription(string Id, string RoleDefinitionId, string RoleName, string PrincipalId, string Scope, long CreatedOn)
{
    public static RoleAssignmentDescription From(RoleAssignment assignment) => new(
        assignment.Id, assignment.RoleDefinitionId, BuiltInRoles.FindById(assignment.RoleDefinitionId)?.RoleName ?? "(unknown role)",
        assignment.PrincipalId, assignment.Scope, assignment.CreatedOn.ToUnixTimeSeconds());
}

public sealed record RoleAssignmentList(IReadOnlyList<RoleAssignmentDescription> Value);

public sealed record RoleDefinitionDescription(string Id, string RoleName, string Description, IReadOnlyList<string> DataActions, IReadOnlyList<string> NotDataActions)
{
    public static RoleDefinitionDescription From(RoleDefinition role) => new(role.Id, role.RoleName, role.Description, role.DataActions, role.NotDataActions);
}

public sealed record RoleDefinitionList(IReadOnlyList<RoleDefinitionDescription> Value);
