using System.Text.Json.Serialization;
using Coffer.Server.Wire;

namespace Coffer.Server.Keys;

/// <summary>A JSON web key on the wire: base64url parts, Key Vault's <c>key_ops</c> and <c>key_hsm</c>.</summary>
public sealed record WireJsonWebKey(
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("kty")] string? Kty,
    [property: JsonPropertyName("key_ops")] IReadOnlyList<string>? KeyOps,
    [property: JsonPropertyName("n")] byte[]? N = null,
    [property: JsonPropertyName("e")] byte[]? E = null,
    [property: JsonPropertyName("d")] byte[]? D = null,
    [property: JsonPropertyName("dp")] byte[]? DP = null,
    [property: JsonPropertyName("dq")] byte[]? DQ = null,
    [property: JsonPropertyName("qi")] byte[]? QI = null,
    [property: JsonPropertyName("p")] byte[]? P = null,
    [property: JsonPropertyName("q")] byte[]? Q = null,
    [property: JsonPropertyName("k")] byte[]? K = null,
    [property: JsonPropertyName("key_hsm")] byte[]? KeyHsm = null,
    [property: JsonPropertyName("crv")] string? Crv = null,
    [property: JsonPropertyName("x")] byte[]? X = null,
    [property: JsonPropertyName("y")] byte[]? Y = null);

public sealed record WireReleasePolicy(
    [property: JsonPropertyName("contentType")] string? ContentType,
    [property: JsonPropertyName("immutable")] bool? Immutable,
    [property: JsonPropertyName("data")] string? Data);

public sealed record KeyCreateParameters(
    [property: JsonPropertyName("kty")] string? Kty,
    [property: JsonPropertyName("key_size")] int? KeySize,
    [property: JsonPropertyName("public_exponent")] int? PublicExponent,
    [property: JsonPropertyName("key_ops")] IReadOnlyList<string>? KeyOps,
    [property: JsonPropertyName("attributes")] WireAttributes? Attributes,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags,
    [property: JsonPropertyName("crv")] string? Crv,
    [property: JsonPropertyName("release_policy")] WireReleasePolicy? ReleasePolicy);

public sealed record KeyImportParameters(
    [property: JsonPropertyName("Hsm")] bool? Hsm,
    [property: JsonPropertyName("key")] WireJsonWebKey? Key,
    [property: JsonPropertyName("attributes")] WireAttributes? Attributes,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags,
    [property: JsonPropertyName("release_policy")] WireReleasePolicy? ReleasePolicy);

public sealed record KeyUpdateParameters(
    [property: JsonPropertyName("key_ops")] IReadOnlyList<string>? KeyOps,
    [property: JsonPropertyName("attributes")] WireAttributes? Attributes,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags,
    [property: JsonPropertyName("release_policy")] WireReleasePolicy? ReleasePolicy);

public sealed record KeyBundle(
    [property: JsonPropertyName("key")] WireJsonWebKey Key,
    [property: JsonPropertyName("attributes")] WireAttributes Attributes,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("release_policy")] WireReleasePolicy? ReleasePolicy,
    [property: JsonPropertyName("managed")] bool? Managed = null);

public sealed record DeletedKeyBundle(
    [property: JsonPropertyName("key")] WireJsonWebKey Key,
    [property: JsonPropertyName("attributes")] WireAttributes Attributes,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("release_policy")] WireReleasePolicy? ReleasePolicy,
    [property: JsonPropertyName("recoveryId")] string RecoveryId,
    [property: JsonPropertyName("deletedDate")] long DeletedDate,
    [property: JsonPropertyName("scheduledPurgeDate")] long ScheduledPurgeDate,
    [property: JsonPropertyName("managed")] bool? Managed = null);

public sealed record KeyItem(
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("attributes")] WireAttributes Attributes,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("managed")] bool? Managed = null);

public sealed record DeletedKeyItem(
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("attributes")] WireAttributes Attributes,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("recoveryId")] string RecoveryId,
    [property: JsonPropertyName("deletedDate")] long DeletedDate,
    [property: JsonPropertyName("scheduledPurgeDate")] long ScheduledPurgeDate,
    [property: JsonPropertyName("managed")] bool? Managed = null);

/// <summary>Body of encrypt, decrypt, wrapkey and unwrapkey.</summary>
public sealed record KeyOperationsParameters(
    [property: JsonPropertyName("alg")] string? Alg,
    [property: JsonPropertyName("value")] byte[]? Value,
    [property: JsonPropertyName("iv")] byte[]? Iv,
    [property: JsonPropertyName("aad")] byte[]? Aad,
    [property: JsonPropertyName("tag")] byte[]? Tag);

public sealed record KeyOperationResult(
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("value")] byte[] Value,
    [property: JsonPropertyName("iv")] byte[]? Iv = null,
    [property: JsonPropertyName("tag")] byte[]? Tag = null,
    [property: JsonPropertyName("aad")] byte[]? Aad = null);

public sealed record KeySignParameters(
    [property: JsonPropertyName("alg")] string? Alg,
    [property: JsonPropertyName("value")] byte[]? Value);

public sealed record KeyVerifyParameters(
    [property: JsonPropertyName("alg")] string? Alg,
    [property: JsonPropertyName("digest")] byte[]? Digest,
    [property: JsonPropertyName("value")] byte[]? Value);

public sealed record KeyVerifyResult([property: JsonPropertyName("value")] bool Value);

public sealed record WireRotationPolicy(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("lifetimeActions")] IReadOnlyList<WireLifetimeAction>? LifetimeActions,
    [property: JsonPropertyName("attributes")] WireRotationPolicyAttributes? Attributes);

public sealed record WireLifetimeAction(
    [property: JsonPropertyName("trigger")] WireLifetimeTrigger? Trigger,
    [property: JsonPropertyName("action")] WireLifetimeActionType? Action);

public sealed record WireLifetimeTrigger(
    [property: JsonPropertyName("timeAfterCreate")] string? TimeAfterCreate,
    [property: JsonPropertyName("timeBeforeExpiry")] string? TimeBeforeExpiry);

public sealed record WireLifetimeActionType([property: JsonPropertyName("type")] string? Type);

public sealed record WireRotationPolicyAttributes(
    [property: JsonPropertyName("expiryTime")] string? ExpiryTime,
    [property: JsonPropertyName("created")] long? Created = null,
    [property: JsonPropertyName("updated")] long? Updated = null);

public sealed record RandomBytesRequest([property: JsonPropertyName("count")] int? Count);

public sealed record RandomBytesResult([property: JsonPropertyName("value")] byte[] Value);
