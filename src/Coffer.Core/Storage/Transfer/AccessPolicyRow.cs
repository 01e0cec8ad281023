namespace Coffer.Core.Storage.Transfer;

/// <summary>
/// An access policy: <see cref="Position"/> is its place in the vault's list (0, 1, 2…), <see cref="Issuer"/> '' for the
/// built-in authority, the permissions comma-separated as stored.
/// </summary>
public sealed record AccessPolicyRow(
    string Vault,
    int Position,
    string ObjectId,
    string Issuer,
    string TenantId,
    string Keys,
    string Secrets,
    string Certificates) : StorageRow
{
    public override StorageTable Table => StorageTable.AccessPolicies;

    internal override void AddTo(RowDigest digest) =>
        digest.Add(Vault).Add(Position).Add(ObjectId).Add(Issuer).Add(TenantId).Add(Keys).Add(Secrets).Add(Certificates);
}
