using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Tests;

/// <summary>
/// A second OIDC issuer for tests, standing in for a company's identity provider: its own RSA keys,
/// a discovery document and JWKS over plain http on a loopback port, and tokens it signs with its newest key.
/// A multi-tenant one names its issuer in its document as Entra's common endpoint does, with <c>{tenantid}</c>.
/// It also signs people in by the OpenID Connect code flow: its authorize endpoint sends the browser straight back with
/// a single-use code for <see cref="SignedIn"/>, which its token endpoint redeems (PKCE S256, the redirect URI, and
/// <see cref="ClientSecret"/> checked) for an ID token carrying the request's nonce.
/// </summary>
internal sealed class TestOidcIssuer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly RSA _unpublished = RSA.Create(2048);
    private RsaSecurityKey[] _keys = [NewKey()];
    private int _keyFetches;
    private WebApplication _app = null!;

    public string Issuer { get; private set; } = null!;

    /// <summary>The issuer its discovery document names.</summary>
    public string DocumentIssuer { get; private set; } = null!;

    public Uri MetadataAddress => new(Issuer + "/.well-known/openid-configuration");

    /// <summary>How many times the JWKS was fetched.</summary>
    public int KeyFetches => Volatile.Read(ref _keyFetches);

    /// <summary>The claims of the person the authorize endpoint signs in (besides iss, aud and nonce).</summary>
    public IDictionary<string, object> SignedIn { get; set; } = new Dictionary<string, object>();

    /// <summary>The client secret the token endpoint requires; null: a public client.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>When set, authorize answers this OAuth error instead of a code.</summary>
    public string? AuthorizeError { get; set; }

    /// <summary>When set, ID tokens carry this audience instead of the client id.</summary>
    public string? IdTokenAudience { get; set; }

    /// <summary>When set, ID tokens carry this nonce instead of the one the flow sent.</summary>
    public string? IdTokenNonce { get; set; }

    /// <summary>The query of the latest authorize request.</summary>
    public IReadOnlyDictionary<string, string> LastAuthorize { get; private set; } = new Dictionary<string, string>();

    public static async Task<TestOidcIssuer> StartAsync(bool multiTenant = false)
    {
        var issuer = new TestOidcIssuer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        issuer._app = builder.Build();
        issuer._app.MapGet("/idp/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.DocumentIssuer,
            ["jwks_uri"] = issuer.Issuer + "/keys",
            ["authorization_endpoint"] = issuer.Issuer + "/authorize",
            ["token_endpoint"] = issuer.Issuer + "/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        issuer._app.MapGet("/idp/keys", () =>
        {
            Interlocked.Increment(ref issuer._keyFetches);
            var keys = Volatile.Read(ref issuer._keys).Select(key =>
            {
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
                return new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E };
            });
            return Results.Json(new { keys });
        });
        issuer._app.MapGet("/idp/authorize", issuer.Authorize);
        issuer._app.MapPost("/idp/token", issuer.RedeemAsync);
        await issuer._app.StartAsync();
        var address = issuer._app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.Single();
        issuer.Issuer = address.TrimEnd('/') + "/idp";
        issuer.DocumentIssuer = multiTenant ? issuer.Issuer + "/{tenantid}/v2.0" : issuer.Issuer;
        return issuer;
    }

    /// <summary>Publishes a new key (the old ones stay in the JWKS) and signs tokens with it from now on.</summary>
    public void RotateKey() => Volatile.Write(ref _keys, [.. _keys, NewKey()]);

    /// <summary>A signed token for <paramref name="audience"/>; <paramref name="claims"/> as an identity provider would put them.</summary>
    public string Token(string audience, IDictionary<string, object> claims, string? issuer = null) =>
        Sign(Volatile.Read(ref _keys)[^1], audience, claims, issuer ?? Issuer);

    /// <summary>A token naming this issuer but signed by a key it never published, under a fresh key id.</summary>
    public string ForgedToken(string audience, IDictionary<string, object> claims) =>
        Sign(new RsaSecurityKey(_unpublished) { KeyId = Guid.NewGuid().ToString("N") }, audience, claims, Issuer);

    /// <summary>Sets every sign-in knob back: the person <paramref name="claims"/> signs in, and nothing is tampered with.</summary>
    public void SignInAs(IDictionary<string, object> claims)
    {
        SignedIn = claims;
        (AuthorizeError, IdTokenAudience, IdTokenNonce) = (null, null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _unpublished.Dispose();
        foreach (var key in _keys)
        {
            key.Rsa.Dispose();
        }
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        LastAuthorize = query;
        var redirect = query.GetValueOrDefault("redirect_uri", "");
        var back = new Dictionary<string, string?> { ["state"] = query.GetValueOrDefault("state") };
        if (AuthorizeError is { } error)
        {
            back["error"] = error;
            back["error_description"] = "The user declined.";
        }
        else
        {
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new Grant(query.GetValueOrDefault("client_id", ""), redirect, query.GetValueOrDefault("nonce"),
                query.GetValueOrDefault("code_challenge", ""), new Dictionary<string, object>(SignedIn));
            back["code"] = code;
        }

        return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(redirect, back));
    }

    private async Task<IResult> RedeemAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || grant.ClientId != form["client_id"] || grant.RedirectUri != form["redirect_uri"] || grant.Challenge != challenge
            || (ClientSecret is not null && form["client_secret"] != ClientSecret))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var claims = new Dictionary<string, object>(grant.Claims) { ["nonce"] = IdTokenNonce ?? grant.Nonce ?? "" };
        var idToken = Sign(Volatile.Read(ref _keys)[^1], IdTokenAudience ?? grant.ClientId, claims, Issuer);
        return Results.Json(new { access_token = "opaque-to-coffer", token_type = "Bearer", id_token = idToken });
    }

    private sealed record Grant(string ClientId, string RedirectUri, string? Nonce, string Challenge, IDictionary<string, object> Claims);

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    private static string Sign(RsaSecurityKey key, string audience, IDictionary<string, object> claims, string issuer) => new JsonWebTokenHandler().CreateToken(
        new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
}
