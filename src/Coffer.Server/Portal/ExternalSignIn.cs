using System.Text.Json;
using Coffer.Server.Auth;
using Coffer.Server.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Portal;

/// <summary>
/// The portal as an OpenID Connect client of the first external issuer (<c>--external-issuer-portal-client-id</c>): the
/// browser is sent to the issuer's <c>authorization_endpoint</c> with state, nonce and PKCE; at the callback the code is
/// exchanged at its <c>token_endpoint</c> (with the client secret when there is one) and the ID token must hold against
/// the issuer's keys and issuer, the portal's client id as audience, its lifetime and the flow's nonce. The issuer's
/// tokens are then dropped: the session is Coffer's own (<see cref="PortalSession.StartExternal"/>).
/// </summary>
internal sealed class ExternalSignIn(CofferOptions options, ExternalIssuers issuers, SignInFlow flow, Deployment deployment)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10), MaxResponseContentBufferSize = 1024 * 1024 };

    /// <summary>The issuer's host the sign-in page names, or null when the portal has no client id at an external issuer.</summary>
    public string? IssuerHost => issuers.PortalIssuer?.Options.MetadataAddress.Host;

    /// <summary>The issuer's authorize URL for a new flow (its cookie set on the response), or null while the issuer's discovery document is unavailable.</summary>
    public async Task<string?> BeginAsync(HttpContext context, string returnPath)
    {
        var issuer = issuers.PortalIssuer!;
        return await issuer.ConfigurationAsync() is { } configuration && Acceptable(configuration.AuthorizationEndpoint) is not null
            ? flow.BeginExternal(context, issuer.Options.Issuer!, configuration.AuthorizationEndpoint, options.ExternalIssuerPortalClientId!, returnPath)
            : null;
    }

    /// <summary>The person the callback's code signs in, or why not (the flow's cookie is spent either way).</summary>
    public async Task<ExternalSignInResult> CompleteAsync(HttpContext context)
    {
        var issuer = issuers.PortalIssuer!;
        var query = context.Request.Query;
        if (flow.Complete(context, query["state"], issuer.Options.Issuer!) is not { } started)
        {
            return Refused("This sign-in was not started in this browser, or it took longer than ten minutes. Sign in again.");
        }

        if (!string.IsNullOrEmpty(query["error"]))
        {
            return Refused($"{IssuerHost} refused the sign-in: {query["error"]} {query["error_description"]}".TrimEnd());
        }

        if (await issuer.ConfigurationAsync() is not { } configuration)
        {
            return Refused($"{IssuerHost} is unavailable. Try again in a minute.");
        }

        var (idToken, problem) = await RedeemAsync(configuration, query["code"].ToString(), started.Verifier, PortalClient.ExternalRedirectUri(context.Request),
            context.RequestAborted);
        return idToken is null ? Refused(problem!) : await IdentifyAsync(issuer, idToken, started);
    }

    private async Task<ExternalSignInResult> IdentifyAsync(ExternalIssuer issuer, string idToken, SignInFlowState started)
    {
        var clientId = options.ExternalIssuerPortalClientId!;
        var tenantClaim = Unvalidated(idToken)?.TryGetPayloadValue<string>("tid", out var tid) == true ? tid : null;
        if (await issuer.ValidateAsync(idToken, tenantClaim, clientId) is not { } result)
        {
            return Refused($"The ID token cannot be checked: the keys of {IssuerHost} are unavailable.");
        }

        if (!result.IsValid)
        {
            return Refused("The ID token was refused: " + TokenValidator.Describe(result.Exception, clientId));
        }

        if (Claim(result, "nonce") is not { } nonce || !SignInFlow.Same(started.Nonce, nonce))
        {
            return Refused("The ID token was refused: it was not issued for this sign-in (its nonce differs).");
        }

        if ((Claim(result, "oid") ?? Claim(result, "sub")) is not { } objectId)
        {
            return Refused("The ID token was refused: it lacks the oid and sub claims.");
        }

        var caller = new CallerIdentity(objectId, clientId, tenantClaim ?? issuer.Options.TenantId ?? deployment.TenantId, result.Issuer);
        var userName = Claim(result, "preferred_username") ?? Claim(result, "email") ?? objectId;
        return new ExternalSignInResult(new PortalUser(caller, userName, Claim(result, "name") ?? userName, IsAdmin: false), null, started.ReturnPath);
    }

    private async Task<(string? IdToken, string? Problem)> RedeemAsync(OpenIdConnectConfiguration configuration, string code, string verifier,
        string redirectUri, CancellationToken cancellationToken)
    {
        if (Acceptable(configuration.TokenEndpoint) is not { } endpoint)
        {
            return (null, $"{IssuerHost} publishes no https token_endpoint.");
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = options.ExternalIssuerPortalClientId!,
        };
        if (options.ExternalIssuerPortalClientSecret is { } secret)
        {
            form["client_secret"] = secret;
        }

        try
        {
            using var response = await Http.PostAsync(endpoint, new FormUrlEncodedContent(form), cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = body.RootElement;
            string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return response.IsSuccessStatusCode && Field("id_token") is { Length: > 0 } idToken ? (idToken, null)
                : (null, $"{IssuerHost} did not redeem the code ({(int)response.StatusCode}): {Field("error") ?? "no ID token"} {Field("error_description")}".TrimEnd());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, $"{IssuerHost}'s token endpoint did not answer usably ({e.GetType().Name}). Try again.");
        }
    }

    private static Uri? Acceptable(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && ExternalIssuerOptions.IsAcceptable(uri) ? uri : null;

    private static JsonWebToken? Unvalidated(string token)
    {
        try
        {
            return new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? Claim(TokenValidationResult result, string name) =>
        result.Claims.TryGetValue(name, out var value) && value is string { Length: > 0 } text ? text : null;

    private static ExternalSignInResult Refused(string message) => new(null, message, "/portal/vaults");
}

/// <summary>An external sign-in's outcome: the person, or the refusal's message in plain words; and where the user was going.</summary>
internal sealed record ExternalSignInResult(PortalUser? User, string? Refusal, string ReturnPath);
