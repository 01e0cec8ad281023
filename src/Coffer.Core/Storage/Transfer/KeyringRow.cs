namespace Coffer.Core.Storage.Transfer;

/// <summary>A keyring key, wrapped under the root key (and under the previous one during a root key rotation).</summary>
public sealed record KeyringRow(int Id, byte[] Wrapped, DateTimeOffset CreatedOn, DateTimeOffset? ActivatesOn, byte[]? PreviousWrapped) : StorageRow
{
    public override StorageTable Table => StorageTable.Keyring;

    internal override void AddTo(RowDigest digest) => digest.Add(Id).Add(Wrapped).Add(CreatedOn).Add(ActivatesOn).Add(PreviousWrapped);
}
