namespace Coffer.Core.Storage.Transfer;

/// <summary>A setting: the deployment's tenant, default vault and client, sealed signing key and CA, backup protection keys, certificate issuers and contacts.</summary>
public sealed record SettingRow(string Name, string Value) : StorageRow
{
    public override StorageTable Table => StorageTable.Settings;

    internal override void AddTo(RowDigest digest) => digest.Add(Name).Add(Value);
}
