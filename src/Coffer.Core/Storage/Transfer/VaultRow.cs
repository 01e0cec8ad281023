using Coffer.Core.Authorization;

namespace Coffer.Core.Storage.Transfer;

/// <summary>A vault; <see cref="Name"/> as stored (its lower-case key).</summary>
public sealed record VaultRow(
    string Name,
    string TenantId,
    string SubscriptionId,
    string Location,
    int RetentionDays,
    bool PurgeProtection,
    DateTimeOffset CreatedOn,
    VaultAuthorizationMode AuthorizationMode) : StorageRow
{
    public override StorageTable Table => StorageTable.Vaults;

    internal override void AddTo(RowDigest digest) =>
        digest.Add(Name).Add(TenantId).Add(SubscriptionId).Add(Location).Add(RetentionDays).Add(PurgeProtection).Add(CreatedOn).Add((int)AuthorizationMode);
}
