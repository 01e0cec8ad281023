namespace Coffer.Core;

/// <summary>
/// One version of a key, secret or certificate as the store keeps it. <see cref="SealedMaterial"/> is
/// the value or key material sealed by <see cref="Crypto.EnvelopeSealer"/>; <see cref="Properties"/>
/// is kind-specific JSON that is not secret (key type and operations, certificate policy).
/// </summary>
public sealed record ObjectVersion(
    string Version,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    ObjectAttributes Attributes,
    IReadOnlyDictionary<string, string>? Tags,
    string? ContentType,
    byte[] SealedMaterial,
    string? Properties = null);
