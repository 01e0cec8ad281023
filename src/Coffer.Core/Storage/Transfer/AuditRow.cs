using Coffer.Core.Audit;

namespace Coffer.Core.Storage.Transfer;

/// <summary>An audit record as stored — sequence, entry and chain hash — never sealed again.</summary>
public sealed record AuditRow(AuditRecord Record) : StorageRow
{
    public override StorageTable Table => StorageTable.AuditLog;

    internal override void AddTo(RowDigest digest)
    {
        var e = Record.Entry;
        digest.Add(Record.Sequence).Add(e.Time).Add(e.ObjectId).Add(e.ApplicationId).Add(e.TenantId).Add(e.Vault).Add(e.Operation)
            .Add(e.ObjectKind).Add(e.ObjectName).Add(e.ObjectVersion).Add(e.Status).Add(e.RequestId).Add(e.CorrelationId).Add(e.ClientIp)
            .Add(e.Issuer).Add(Record.Hash);
    }
}
