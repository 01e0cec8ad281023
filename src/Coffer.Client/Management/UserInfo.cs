namespace Coffer.Client.Management;

/// <summary>A user who signs in to the portal; <see cref="Password"/> is set only when the server made it at creation.</summary>
public sealed record UserInfo(string UserName, string ObjectId, string TenantId, string DisplayName, bool IsAdmin, long CreatedOn, string? Password = null);

internal sealed record UserCreateRequest(string UserName, string? DisplayName, string? Password, bool? Admin);

internal sealed record UserListResponse(IReadOnlyList<UserInfo> Value);
