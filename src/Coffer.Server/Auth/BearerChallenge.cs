using Coffer.Core.Errors;

namespace Coffer.Server.Auth;

/// <summary>Reads the bearer token and answers 401 with the challenge the Key Vault SDKs verify.</summary>
public sealed class BearerChallenge(ValidatedTokenCache validator, TokenIssuer issuer, VaultResource resource)
{
    public const string MissingToken = "AKV10000: Request is missing a Bearer or PoP token.";

    /// <summary>The caller, or a 401 <see cref="KeyVaultException"/> naming <paramref name="tenantId"/> as the authority to ask.</summary>
    public async Task<CallerIdentity> AuthenticateAsync(HttpContext context, string tenantId)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            throw Challenge(context, tenantId, MissingToken);
        }

        var validation = await validator.ValidateAsync(header[7..].Trim());
        if (validation.Caller is not { } caller)
        {
            throw Challenge(context, tenantId, validation.Failure!);
        }

        if (!string.Equals(caller.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
        {
            throw Challenge(context, tenantId,
                $"AKV10032: Invalid issuer. Expected one of {issuer.Issuer(tenantId)}, found {caller.Issuer ?? issuer.Issuer(caller.TenantId)}.");
        }

        context.Features.Set(caller); // known to the audit log even when authorization then refuses
        return caller;
    }

    private KeyVaultException Challenge(HttpContext context, string tenantId, string message)
    {
        context.Response.Headers.WWWAuthenticate =
            $"Bearer authorization=\"{issuer.Authority}/{tenantId}\", resource=\"{resource.ChallengedBy(context.Request.Host)}\"";
        return KeyVaultErrors.Unauthorized(message);
    }
}
