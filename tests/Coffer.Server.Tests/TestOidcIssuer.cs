using System.Net;
using System.Security.Claims;
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
/// A second OIDC issuer for tests, standing in for a company's identity provider: its own RSA key,
/// a discovery document and JWKS over plain http on a loopback port, and tokens it signs.
/// </summary>
internal sealed class TestOidcIssuer : IAsyncDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId = Guid.NewGuid().ToString("N");
    private WebApplication _app = null!;

    public string Issuer { get; private set; } = null!;

    public Uri MetadataAddress => new(Issuer + "/.well-known/openid-configuration");

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var issuer = new TestOidcIssuer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        issuer._app = builder.Build();
        issuer._app.MapGet("/idp/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Issuer,
            ["jwks_uri"] = issuer.Issuer + "/keys",
            ["authorization_endpoint"] = issuer.Issuer + "/authorize",
            ["token_endpoint"] = issuer.Issuer + "/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        issuer._app.MapGet("/idp/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(issuer._key.ExportParameters(false)) { KeyId = issuer._keyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        await issuer._app.StartAsync();
        var address = issuer._app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.Single();
        issuer.Issuer = address.TrimEnd('/') + "/idp";
        return issuer;
    }

    /// <summary>A signed token for <paramref name="audience"/>; <paramref name="claims"/> as an identity provider would put them.</summary>
    public string Token(string audience, IDictionary<string, object> claims, string? issuer = null) => new JsonWebTokenHandler().CreateToken(
        new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256),
        });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
