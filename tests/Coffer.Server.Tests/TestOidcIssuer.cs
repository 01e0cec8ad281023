using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Tests;

/// <summary>
/// A second OIDC issuer for tests, standing in for a company's identity provider: its own RSA keys,
/// a discovery document and JWKS over plain http on a loopback port, and tokens it signs with its newest key.
/// A multi-tenant one names its issuer in its document as Entra's common endpoint does, with <c>{tenantid}</c>.
/// </summary>
internal sealed class TestOidcIssuer : IAsyncDisposable
{
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

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _unpublished.Dispose();
        foreach (var key in _keys)
        {
            key.Rsa.Dispose();
        }
    }

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
