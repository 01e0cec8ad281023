namespace Coffer.Core.Backup;

/// <summary>
/// An object as a backup carries it: every version, oldest first, with its material in plaintext
/// (<see cref="PlainVersion.Material"/>) rather than sealed for one vault, plus the object's policy;
/// for a certificate, its key and secret, whole, as <see cref="Linked"/>.
/// </summary>
public sealed record BackupContent(ObjectKind Kind, string Name, string? Policy, IReadOnlyList<PlainVersion> Versions,
    IReadOnlyList<BackupContent>? Linked = null);

/// <summary>A version's metadata (its <see cref="ObjectVersion.SealedMaterial"/> unused) and its plaintext material.</summary>
public sealed record PlainVersion(ObjectVersion Version, byte[] Material);

/// <summary>
/// The authenticated header of a blob: which key protects it and where it may be restored; <see cref="Resealed"/> when an
/// administrator moved it to this (subscription, geography) from another (<c>coffer backup reseal</c>).
/// </summary>
public sealed record BackupHeader(string KeyId, ObjectKind Kind, string SubscriptionId, string Geography, int Format, DateTimeOffset Created,
    BackupResealMark? Resealed = null);
