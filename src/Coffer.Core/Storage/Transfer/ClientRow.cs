namespace Coffer.Core.Storage.Transfer;

/// <summary>A client of the built-in token issuer, with its secret's hash.</summary>
public sealed record ClientRow(string ClientId, string ObjectId, string TenantId, string DisplayName, string SecretHash, bool IsAdmin, DateTimeOffset CreatedOn)
    : StorageRow
{
    public override StorageTable Table => StorageTable.Clients;

    internal override void AddTo(RowDigest digest) =>
        digest.Add(ClientId).Add(ObjectId).Add(TenantId).Add(DisplayName).Add(SecretHash).Add(IsAdmin).Add(CreatedOn);
}
