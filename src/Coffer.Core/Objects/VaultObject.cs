namespace Coffer.Core;

/// <summary>A whole object with every version, oldest first: what a backup carries and a restore inserts.</summary>
public sealed record VaultObject(ObjectKind Kind, string Name, DeletionInfo? Deletion, IReadOnlyList<ObjectVersion> Versions);
