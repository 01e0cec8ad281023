namespace Coffer.Core.Backup.Archive;

/// <summary>
/// An archive that was read (or written) to its end: its header, how many objects and blob bytes it
/// holds, its SHA-256 digest (lower-case hex), whether it is signed and whether the signature was checked.
/// </summary>
public sealed record VaultArchiveSummary(
    VaultArchiveHeader Header,
    int ObjectCount,
    long BlobBytes,
    string Digest,
    bool IsSigned,
    bool SignatureVerified);
