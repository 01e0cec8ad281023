namespace Coffer.Core.Authorization;

/// <summary>A role given to a principal (object id) at a vault's scope, as Azure RBAC's role assignment.</summary>
public sealed record RoleAssignment(string Id, string RoleDefinitionId, string PrincipalId, string Scope, DateTimeOffset CreatedOn);
