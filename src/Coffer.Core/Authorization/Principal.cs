namespace Coffer.Core.Authorization;

/// <summary>A principal as policies name it: tenant, object id, and issuer (null for the built-in authority).</summary>
public sealed record Principal(string TenantId, string ObjectId, string? Issuer);
