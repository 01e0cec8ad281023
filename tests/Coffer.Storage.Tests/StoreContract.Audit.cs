using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Storage;

namespace Coffer.Storage.Tests;

/// <summary>A write's audit record (<see cref="TransactionAudit"/>) commits in the write's own transaction, or not at all.</summary>
public abstract partial class StoreContract
{
    private static readonly AuditChain TestChain = new(new byte[32]);

    [Fact]
    public async Task TransactionAudit_WriteCommits_RecordCommitsWithIt()
    {
        var audit = new TransactionAudit(() => WriteEntry("audited"), TestChain);
        TransactionAudit.Begin(audit);

        await Store.Objects.AddVersionAsync(Secret("audited"), Version("a"), default);

        Assert.True(audit.IsCommitted);
        var record = Assert.Single(await Store.Audit.ReadAsync(1, 10, default));
        Assert.Equal(WriteEntry("audited"), record.Entry);
        Assert.Null(TestChain.FirstBroken([record], null));
    }

    [Fact]
    public async Task TransactionAudit_WriteFails_RecordsNothing()
    {
        var audit = new TransactionAudit(() => WriteEntry("half"), TestChain);
        TransactionAudit.Begin(audit);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.Objects.InsertObjectsAsync([new ObjectInsert(Secret("half"), [Version("a"), Version("a")], null)], default));

        Assert.False(audit.IsCommitted);
        Assert.Null(await Store.Audit.LastAsync(default));
    }

    /// <summary>The record a write request's auditor makes before the write: no status yet.</summary>
    private static AuditEntry WriteEntry(string name) =>
        new(Now, "oid", "app", "tid", "vault1", "SecretSet", "secret", name, null, null, $"request-{name}", null, "::1");
}
