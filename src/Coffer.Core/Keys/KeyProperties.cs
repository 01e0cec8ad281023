namespace Coffer.Core.Keys;

/// <summary>
/// What a key version carries besides its sealed private material, none of it secret: its type, the
/// operations it allows, its public parts, and the attributes only keys have. Stored as the version's
/// <see cref="ObjectVersion.Properties"/>. <see cref="Managed"/> keys belong to a certificate.
/// </summary>
public sealed record KeyProperties(
    string Kty,
    int? KeySize,
    IReadOnlyList<string> KeyOps,
    JsonWebKeyMaterial PublicKey,
    bool? Exportable,
    KeyReleasePolicy? ReleasePolicy,
    bool? Managed = null)
{
    public string Serialize() => System.Text.Json.JsonSerializer.Serialize(this, KeyJsonContext.Default.KeyProperties);

    public static KeyProperties Deserialize(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, KeyJsonContext.Default.KeyProperties)
            ?? throw new System.Text.Json.JsonException("Empty key properties.");
}

/// <summary>A key release policy, stored as given (releasing keys needs attestation, which Coffer does not do).</summary>
public sealed record KeyReleasePolicy(string? ContentType, bool? Immutable, string? Data);
