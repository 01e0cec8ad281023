using System.Text.Json.Serialization;

namespace Coffer.Bench.Keys;

/// <summary>
/// A sign, encrypt, decrypt, wrapKey or unwrapKey request as Key Vault takes it: the algorithm and the digest or data,
/// base64url.
/// </summary>
internal sealed record SignRequest(string Alg, string Value);

/// <summary>A verify request: the algorithm, the digest and the signature, base64url.</summary>
internal sealed record VerifyRequest(string Alg, string Digest, string Value);

/// <summary>
/// A sign, encrypt, decrypt, wrapKey or unwrapKey answer as Key Vault gives it: the key version's id and the result,
/// base64url.
/// </summary>
internal sealed record SignResult(string Kid, string Value);

/// <summary>A verify answer: whether the signature is the key's.</summary>
internal sealed record VerifyResult(bool Value);

/// <summary>A key create request: <c>{"kty":"RSA","key_size":2048}</c> or <c>{"kty":"EC","crv":"P-256"}</c>.</summary>
internal sealed record KeyCreateRequest(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("key_size")] int? KeySize = null,
    [property: JsonPropertyName("crv")] string? Crv = null);

/// <summary>A key import request (<c>PUT /keys/{name}</c>): the floor's own key, so both targets hold the same one.</summary>
internal sealed record KeyImportRequest([property: JsonPropertyName("key")] ImportedJwk Key);

/// <summary>A private JWK, base64url parts (RSA: n e d p q dp dq qi; EC: crv x y d).</summary>
internal sealed record ImportedJwk(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("n")] string? N = null,
    [property: JsonPropertyName("e")] string? E = null,
    [property: JsonPropertyName("d")] string? D = null,
    [property: JsonPropertyName("p")] string? P = null,
    [property: JsonPropertyName("q")] string? Q = null,
    [property: JsonPropertyName("dp")] string? DP = null,
    [property: JsonPropertyName("dq")] string? DQ = null,
    [property: JsonPropertyName("qi")] string? QI = null,
    [property: JsonPropertyName("crv")] string? Crv = null,
    [property: JsonPropertyName("x")] string? X = null,
    [property: JsonPropertyName("y")] string? Y = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignRequest))]
[JsonSerializable(typeof(VerifyRequest))]
[JsonSerializable(typeof(SignResult))]
[JsonSerializable(typeof(VerifyResult))]
[JsonSerializable(typeof(KeyCreateRequest))]
[JsonSerializable(typeof(KeyImportRequest))]
internal sealed partial class KeyJsonContext : JsonSerializerContext;
