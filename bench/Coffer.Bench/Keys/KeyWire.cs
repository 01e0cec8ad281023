using System.Text.Json.Serialization;

namespace Coffer.Bench.Keys;

/// <summary>A sign request as Key Vault takes it: the algorithm and the digest, base64url.</summary>
internal sealed record SignRequest(string Alg, string Value);

/// <summary>A sign answer as Key Vault gives it: the key version's id and the signature, base64url.</summary>
internal sealed record SignResult(string Kid, string Value);

/// <summary>A key create request: <c>{"kty":"RSA","key_size":2048}</c> or <c>{"kty":"EC","crv":"P-256"}</c>.</summary>
internal sealed record KeyCreateRequest(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("key_size")] int? KeySize = null,
    [property: JsonPropertyName("crv")] string? Crv = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignRequest))]
[JsonSerializable(typeof(SignResult))]
[JsonSerializable(typeof(KeyCreateRequest))]
internal sealed partial class KeyJsonContext : JsonSerializerContext;
