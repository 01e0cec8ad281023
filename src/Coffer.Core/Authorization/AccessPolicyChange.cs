namespace Coffer.Core.Authorization;

/// <summary>
/// One principal's entry as a management request gives it: a list left null is "not given" (kept by replace, the
/// entry dropped by remove); a null tenant is the vault's, a null issuer the built-in authority.
/// </summary>
public sealed record AccessPolicyChange(
    string? TenantId,
    string? ObjectId,
    IReadOnlyList<string>? Keys,
    IReadOnlyList<string>? Secrets,
    IReadOnlyList<string>? Certificates,
    string? Issuer = null);
