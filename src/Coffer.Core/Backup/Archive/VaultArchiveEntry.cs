namespace Coffer.Core.Backup.Archive;

/// <summary>
/// One object of an archive as its manifest lists it: kind, name, version ids when known (a Coffer
/// snapshot always knows them), the version count when known, and the size and SHA-256 (lower-case hex)
/// of its blob. A certificate's blob carries its key and secret; they have no entries of their own.
/// </summary>
public sealed record VaultArchiveEntry(
    ObjectKind Kind,
    string Name,
    IReadOnlyList<string>? Versions,
    int? VersionCount,
    long Size,
    string Sha256)
{
    /// <summary>Whether an opened blob is the object this entry lists: the same name and, when listed, the same version ids in order.</summary>
    public bool Describes(BackupContent content) =>
        content.Name.Equals(Name, StringComparison.OrdinalIgnoreCase)
        && (Versions is null || Versions.SequenceEqual(content.Versions.Select(v => v.Version.Version), StringComparer.OrdinalIgnoreCase));
}

/// <summary>An entry with its blob, as <see cref="VaultArchiveReader.ReadObjectsAsync"/> yields it.</summary>
public sealed record VaultArchiveObject(VaultArchiveEntry Entry, byte[] Blob);
