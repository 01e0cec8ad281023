using Coffer.Core.Auth;
using Coffer.Core.Storage;
using Microsoft.IdentityModel.Tokens;
using Coffer.Server.Hosting;

namespace Coffer.Server.Auth;

/// <summary>
/// The built-in authority, Entra ID-shaped so that Azure.Identity's ClientSecretCredential needs only
/// an authority host: OIDC discovery, JWKS and the client-credentials token endpoint.
/// </summary>
internal static class IdentityEndpoints
{
    public static void MapIdentity(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", Discovery);
        routes.MapGet("/{tenant}/.well-known/openid-configuration", Discovery);
        routes.MapGet("/{tenant}/discovery/v2.0/keys", Keys);
        routes.MapPost("/{tenant}/oauth2/v2.0/token", TokenAsync).DisableAntiforgery();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<OpenIdConfiguration> Discovery(string tenant, TokenIssuer issuer) =>
        TypedResults.Json(new OpenIdConfiguration(
            Issuer: issuer.Issuer(tenant),
            TokenEndpoint: $"{issuer.Authority}/{tenant}/oauth2/v2.0/token",
            AuthorizationEndpoint: $"{issuer.Authority}/{tenant}/oauth2/v2.0/authorize",
            JwksUri: $"{issuer.Authority}/{tenant}/discovery/v2.0/keys",
            ResponseTypesSupported: ["code", "token"],
            SubjectTypesSupported: ["pairwise"],
            SigningAlgorithms: [SecurityAlgorithms.RsaSha256],
            TokenEndpointAuthMethods: ["client_secret_post", "none"],
            GrantTypes: ["client_credentials", "authorization_code"]), Wire.WireJsonContext.Default.OpenIdConfiguration);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonWebKeyDocument> Keys(TokenIssuer issuer) =>
        TypedResults.Json(new JsonWebKeyDocument([PublicJsonWebKey.From(issuer.PublicKey)]), Wire.WireJsonContext.Default.JsonWebKeyDocument);

    private static async Task<IResult> TokenAsync(string tenant, HttpRequest request, IClientStore clients, TokenIssuer issuer, CofferOptions options,
        VaultResource resource, AuthorizationCodes codes)
    {
        if (!request.HasFormContentType)
        {
            return new OAuthError("invalid_request", "The token request must be application/x-www-form-urlencoded.").ToResult();
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form["grant_type"] == "authorization_code")
        {
            return await CodeGrantAsync(form, codes, resource, request.HttpContext);
        }

        if (form["grant_type"] != "client_credentials")
        {
            return new OAuthError("unsupported_grant_type", "Only the client_credentials and authorization_code grants are supported.").ToResult();
        }

        var clientId = form["client_id"].ToString();
        var client = clientId.Length == 0 ? null : await clients.FindAsync(clientId, request.HttpContext.RequestAborted);
        if (client is null || !string.Equals(client.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
        {
            return new OAuthError("unauthorized_client",
                $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory '{tenant}'.").ToResult();
        }

        if (!ClientSecretHasher.Verify(form["client_secret"].ToString(), client.SecretHash))
        {
            return new OAuthError("invalid_client", "AADSTS7000215: Invalid client secret provided.").ToResult(StatusCodes.Status401Unauthorized);
        }

        var scope = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var requested = scope.Length == 1 && scope[0].EndsWith("/.default", StringComparison.Ordinal) ? scope[0][..^"/.default".Length] : null;
        var audience = requested is null ? null : resource.Canonical(requested)
            ?? new[] { options.ManagementResource, options.GraphResource }
                .FirstOrDefault(known => string.Equals(requested.TrimEnd('/'), known, StringComparison.OrdinalIgnoreCase));
        if (audience is null)
        {
            return new OAuthError("invalid_scope",
                $"AADSTS500011: The scope '{form["scope"]}' is not valid. Request '{resource.PortLess}/.default' or '{resource.PortLess}:{{port}}/.default' (vaults), '{options.ManagementResource}/.default' (Resource Manager) or '{options.GraphResource}/.default' (directory).").ToResult();
        }

        return TokenResult(request.HttpContext, issuer.Issue(client, audience));
    }

    private static IResult TokenResult(HttpContext context, string token)
    {
        var lifetime = (long)TokenIssuer.Lifetime.TotalSeconds;
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new TokenResponse("Bearer", lifetime, lifetime, token), Wire.WireJsonContext.Default.TokenResponse);
    }

    /// <summary>A user's token for the vault resource (a public client: no secret, the PKCE verifier instead).</summary>
    private static async Task<IResult> CodeGrantAsync(IFormCollection form, AuthorizationCodes codes, VaultResource resource, HttpContext context)
    {
        var (token, error) = await codes.ExchangeAsync(form["code"].ToString(), form["client_id"].ToString(), form["redirect_uri"].ToString(),
            form["code_verifier"].ToString(), resource.PortLess, context.RequestAborted);
        return token is null ? error!.ToResult() : TokenResult(context, token);
    }
}
