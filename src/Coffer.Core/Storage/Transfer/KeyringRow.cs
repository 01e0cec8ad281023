namespace Coffer.Core.Storage.Transfer;

/// <summary>A keyring key, wrapped under the root key.</summary>
public sealed record KeyringRow(int Id, byte[] Wrapped, DateTimeOffset CreatedOn) : StorageRow
{
    public override StorageTable Table => StorageTable.Keyring;

    internal override void AddTo(RowDigest digest) => digest.Add(Id).Add(Wrapped).Add(CreatedOn);
}
