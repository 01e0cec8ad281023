using Coffer.Core.Errors;

namespace Coffer.Core.Authorization;

/// <summary>
/// How a policy entry or role assignment in a vault names a principal when it leaves something out: the vault's
/// tenant, and no issuer for the built-in authority. <paramref name="BuiltInAuthority"/> is refused as an explicit
/// issuer, since built-in principals are named without one and such an entry would match no token.
/// </summary>
public sealed record PrincipalDefaults(string TenantId, string BuiltInAuthority)
{
    /// <summary>The external issuer named by <paramref name="issuer"/>, or null for the built-in authority; 400 for anything but an absolute URL of another issuer.</summary>
    public string? ExternalIssuer(string? issuer)
    {
        if (issuer is null)
        {
            return null;
        }

        var trimmed = issuer.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw KeyVaultErrors.BadParameter($"The issuer '{issuer}' is not an absolute http(s) URL: give an external issuer's iss, or omit it for a Coffer client.");
        }

        if (trimmed == BuiltInAuthority || trimmed.StartsWith(BuiltInAuthority + "/", StringComparison.Ordinal))
        {
            throw KeyVaultErrors.BadParameter($"The issuer '{issuer}' is Coffer's own authority: omit the issuer to name a Coffer client.");
        }

        return trimmed;
    }

    /// <summary>The change checked and in Azure's spelling; a missing list stays null (400 for an unknown permission, no object id or a bad issuer).</summary>
    public (string TenantId, string ObjectId, IReadOnlyList<string>? Keys, IReadOnlyList<string>? Secrets, IReadOnlyList<string>? Certificates, string? Issuer) Normalize(
        AccessPolicyChange change)
    {
        if (string.IsNullOrWhiteSpace(change.ObjectId))
        {
            throw KeyVaultErrors.BadParameter("Each access policy needs an objectId.");
        }

        return ((change.TenantId ?? TenantId).ToLowerInvariant(), change.ObjectId.Trim().ToLowerInvariant(),
            AccessPolicyPermissions.Normalize(AccessPolicyPermissions.KeysArea, change.Keys),
            AccessPolicyPermissions.Normalize(AccessPolicyPermissions.SecretsArea, change.Secrets),
            AccessPolicyPermissions.Normalize(AccessPolicyPermissions.CertificatesArea, change.Certificates),
            ExternalIssuer(change.Issuer));
    }
}
