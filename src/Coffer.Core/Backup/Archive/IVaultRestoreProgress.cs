namespace Coffer.Core.Backup.Archive;

/// <summary>Told as a whole-vault restore goes, so a caller can show a big vault's restore object by object.</summary>
public interface IVaultRestoreProgress
{
    /// <summary>The archive passed every check and nothing is written yet; its <paramref name="objects"/> restore next, one at a time.</summary>
    ValueTask CheckedAsync(int objects, CancellationToken cancellationToken);

    /// <summary>One object is done: <paramref name="done"/> of the archive's objects so far; exactly one of the outcomes is set.</summary>
    ValueTask ObjectDoneAsync(int done, RestoredObject? restored, SkippedObject? skipped, FailedObject? failed, CancellationToken cancellationToken);
}
