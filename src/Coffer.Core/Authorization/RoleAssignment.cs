namespace Coffer.Core.Authorization;

/// <summary>
/// A role given to a principal at a vault's scope, as Azure RBAC's role assignment. The principal is its object id and
/// <see cref="PrincipalIssuer"/>: null for the built-in authority, an external issuer's <c>iss</c> otherwise.
/// </summary>
public sealed record RoleAssignment(string Id, string RoleDefinitionId, string PrincipalId, string Scope, DateTimeOffset CreatedOn, string? PrincipalIssuer = null);
