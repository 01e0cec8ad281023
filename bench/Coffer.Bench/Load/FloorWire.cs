using System.Text.Json.Serialization;

namespace Coffer.Bench.Load;

/// <summary>The floor's request body: the shape of Key Vault's SecretSetParameters, value only.</summary>
internal sealed record FloorSecretSet(string Value);

/// <summary>The floor's answer: a secret bundle as small as Key Vault's.</summary>
internal sealed record FloorSecretBundle(string Value, string Id, FloorAttributes Attributes);

internal sealed record FloorAttributes(bool Enabled, long Created, long Updated, string RecoveryLevel, int RecoverableDays);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FloorSecretSet))]
[JsonSerializable(typeof(FloorSecretBundle))]
internal sealed partial class FloorJsonContext : JsonSerializerContext;
