using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace Coffer.Server.Auth;

/// <summary>The issuer's JWKS: its public signing keys.</summary>
public sealed record JsonWebKeyDocument([property: JsonPropertyName("keys")] IReadOnlyList<PublicJsonWebKey> Keys);

public sealed record PublicJsonWebKey(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("e")] string E)
{
    public static PublicJsonWebKey From(JsonWebKey key) => new(key.Kty, key.Use, key.Alg, key.Kid, key.N, key.E);
}
