namespace Coffer.Core.Backup.Schedules;

/// <summary>
/// One scheduled backup of a vault, as <c>coffer backup list</c> shows it: when it ran, which attempt since the last
/// success it was, and either the archive it wrote (file name, objects, bytes, SHA-256 digest) or why it failed.
/// </summary>
public sealed record BackupRun(
    string Vault,
    DateTimeOffset StartedOn,
    DateTimeOffset FinishedOn,
    BackupRunOutcome Outcome,
    int Attempt,
    string? File,
    int ObjectCount,
    long Bytes,
    string? Digest,
    string? Error);

public enum BackupRunOutcome
{
    Succeeded,
    Failed,
}
