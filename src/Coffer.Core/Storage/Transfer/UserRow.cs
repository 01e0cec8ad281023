namespace Coffer.Core.Storage.Transfer;

/// <summary>A user of the built-in authority, with their password's hash.</summary>
public sealed record UserRow(string UserName, string ObjectId, string TenantId, string DisplayName, string PasswordHash, bool IsAdmin, DateTimeOffset CreatedOn)
    : StorageRow
{
    public override StorageTable Table => StorageTable.Users;

    internal override void AddTo(RowDigest digest) =>
        digest.Add(UserName).Add(ObjectId).Add(TenantId).Add(DisplayName).Add(PasswordHash).Add(IsAdmin).Add(CreatedOn);
}
