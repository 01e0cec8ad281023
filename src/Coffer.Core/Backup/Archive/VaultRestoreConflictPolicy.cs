namespace Coffer.Core.Backup.Archive;

/// <summary>What a whole-vault restore does when a name in the archive is taken in the target vault.</summary>
public enum VaultRestoreConflictPolicy
{
    /// <summary>Any taken name (active or soft-deleted) refuses the whole restore with 409 before anything is written.</summary>
    Fail,

    /// <summary>Objects whose name is taken are left as they are and reported as skipped.</summary>
    Skip,

    /// <summary>
    /// A name that is only soft-deleted in the target is purged and restored in one transaction; an active
    /// name is reported as a failed conflict. Refused per object when the vault has purge protection.
    /// </summary>
    OverwriteIfPurged,
}
