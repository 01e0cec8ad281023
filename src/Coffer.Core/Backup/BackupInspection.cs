namespace Coffer.Core.Backup;

/// <summary>
/// What an opened (so authenticated) blob holds, without any material: its header, the object's name and
/// every version's metadata, the linked key and secret of a certificate, and whether the vault it was
/// checked against could take it (<see cref="NotRestorableReason"/> says why not).
/// </summary>
public sealed record BackupInspection(BackupHeader Header, string Name, IReadOnlyList<BackupVersionSummary> Versions,
    IReadOnlyList<BackupInspection> Linked, string? NotRestorableReason);
