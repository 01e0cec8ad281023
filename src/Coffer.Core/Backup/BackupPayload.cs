namespace Coffer.Core.Backup;

/// <summary>What a blob's JWE encrypts: one whole object, every version, material in plaintext (inside the JWE).</summary>
internal sealed record BackupPayload(string Kind, string Name, string? Policy, IReadOnlyList<BackupVersion> Versions,
    IReadOnlyList<BackupPayload>? Linked = null);

internal sealed record BackupVersion(
    string Version,
    long Created,
    long Updated,
    bool Enabled,
    long? NotBefore,
    long? Expires,
    IReadOnlyDictionary<string, string>? Tags,
    string? ContentType,
    byte[] Material,
    string? Properties);
