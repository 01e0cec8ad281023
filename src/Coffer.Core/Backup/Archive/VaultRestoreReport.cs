namespace Coffer.Core.Backup.Archive;

/// <summary>What a whole-vault restore did with each object of the archive.</summary>
public sealed record VaultRestoreReport(
    IReadOnlyList<RestoredObject> Restored,
    IReadOnlyList<SkippedObject> Skipped,
    IReadOnlyList<FailedObject> Failed);

public sealed record RestoredObject(string Kind, string Name, int Versions);

/// <summary><see cref="Reason"/>: <c>exists</c> (active in the target) or <c>deleted</c> (soft-deleted there).</summary>
public sealed record SkippedObject(string Kind, string Name, string Reason);

/// <summary>The Key Vault error code and message the object's restore failed with.</summary>
public sealed record FailedObject(string Kind, string Name, string Code, string Message);
