namespace Coffer.Core;

/// <summary>
/// A whole object with every version, oldest first, and its object-level policy (a key's rotation
/// policy, a certificate's policy): what a backup carries and a restore inserts.
/// </summary>
public sealed record VaultObject(ObjectKind Kind, string Name, DeletionInfo? Deletion, IReadOnlyList<ObjectVersion> Versions, string? Policy = null);
