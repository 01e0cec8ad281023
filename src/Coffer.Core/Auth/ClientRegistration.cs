namespace Coffer.Core.Auth;

/// <summary>A client (service principal): its id, the object id tokens carry, and a hash of its secret.</summary>
public sealed record ClientRegistration(
    string ClientId,
    string ObjectId,
    string TenantId,
    string DisplayName,
    string SecretHash,
    bool IsAdmin,
    DateTimeOffset CreatedOn);
