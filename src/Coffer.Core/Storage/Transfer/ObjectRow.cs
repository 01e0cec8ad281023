namespace Coffer.Core.Storage.Transfer;

/// <summary>
/// A key, secret or certificate, active or soft-deleted (<see cref="DeletedOn"/>), with its object-level policy and its
/// sealed pending operation (a certificate being issued); its versions are <see cref="VersionRow"/>s naming <see cref="Id"/>.
/// </summary>
public sealed record ObjectRow(
    long Id,
    string Vault,
    ObjectKind Kind,
    string NameKey,
    string Name,
    DateTimeOffset? DeletedOn,
    DateTimeOffset? ScheduledPurgeOn,
    string? Policy,
    byte[]? Pending) : StorageRow
{
    public override StorageTable Table => StorageTable.Objects;

    internal override void AddTo(RowDigest digest) =>
        digest.Add(Id).Add(Vault).Add((int)Kind).Add(NameKey).Add(Name).Add(DeletedOn).Add(ScheduledPurgeOn).Add(Policy).Add(Pending);
}
