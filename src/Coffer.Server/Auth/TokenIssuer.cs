using System.Security.Cryptography;
using Coffer.Core.Auth;
using Coffer.Server.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Auth;

/// <summary>
/// The built-in OAuth2 authority: issues RS256 JWTs for the vault resource to registered clients, in
/// the shape Entra ID gives them (tid, oid, appid, aud, iss = {authority}/{tenant}/v2.0).
/// </summary>
public sealed class TokenIssuer
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly CofferOptions _options;
    private readonly TimeProvider _time;

    public TokenIssuer(RSA signingKey, CofferOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var parameters = signingKey.ExportParameters(false);
        SigningKey = new RsaSecurityKey(signingKey) { KeyId = KeyIdOf(parameters) };
        PublicKey = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(parameters) { KeyId = SigningKey.KeyId });
        PublicKey.Use = "sig";
        PublicKey.Alg = SecurityAlgorithms.RsaSha256;
    }

    public RsaSecurityKey SigningKey { get; }

    public JsonWebKey PublicKey { get; }

    public string Authority => _options.Authority;

    public string Issuer(string tenantId) => $"{_options.Authority}/{tenantId}/v2.0";

    public string Issue(ClientRegistration client, string audience) =>
        Issue(client.TenantId, client.ObjectId, client.ClientId, audience, _time.GetUtcNow(), Lifetime);

    /// <summary>A user's token (authorization code grant), through <paramref name="clientId"/>: Entra ID's user claims beside oid and tid.</summary>
    public string Issue(UserAccount user, string clientId, string audience) =>
        Issue(user.TenantId, user.ObjectId, clientId, audience, _time.GetUtcNow(), Lifetime, new Dictionary<string, object>
        {
            ["idtyp"] = "user",
            ["preferred_username"] = user.UserName,
            ["name"] = user.DisplayName,
        });

    internal string Issue(string tenantId, string objectId, string appId, string audience, DateTimeOffset issuedAt, TimeSpan lifetime,
        IReadOnlyDictionary<string, object>? userClaims = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["tid"] = tenantId,
            ["oid"] = objectId,
            ["sub"] = objectId,
            ["appid"] = appId,
            ["azp"] = appId,
            ["idtyp"] = "app",
            ["ver"] = "2.0",
        };
        foreach (var (name, value) in userClaims ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer(tenantId),
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private static string KeyIdOf(RSAParameters parameters) =>
        Base64UrlEncoder.Encode(SHA256.HashData([.. parameters.Modulus!, .. parameters.Exponent!])[..16]);
}
