namespace Coffer.Client.Management;

/// <summary>A registered client (service principal); <see cref="Secret"/> is set only in the answer to its creation.</summary>
public sealed record ClientInfo(string ClientId, string ObjectId, string TenantId, string DisplayName, bool IsAdmin, long CreatedOn, string? Secret = null);

internal sealed record ClientCreateRequest(string Name, bool? Admin);

internal sealed record ClientListResponse(IReadOnlyList<ClientInfo> Value);
