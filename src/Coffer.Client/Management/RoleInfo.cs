namespace Coffer.Client.Management;

public sealed record RoleAssignmentInfo(string Id, string RoleDefinitionId, string RoleName, string PrincipalId, string Scope, long CreatedOn, string? PrincipalIssuer = null);

public sealed record RoleDefinitionInfo(string Id, string RoleName, string Description, IReadOnlyList<string> DataActions, IReadOnlyList<string> NotDataActions);

internal sealed record RoleAssignmentRequest(string RoleDefinitionId, string PrincipalId, string? PrincipalIssuer);

internal sealed record RoleAssignmentListResponse(IReadOnlyList<RoleAssignmentInfo> Value);

internal sealed record RoleDefinitionListResponse(IReadOnlyList<RoleDefinitionInfo> Value);
