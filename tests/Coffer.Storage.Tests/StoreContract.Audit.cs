using System.Globalization;
using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Storage;

namespace Coffer.Storage.Tests;

/// <summary>A write's audit record (<see cref="TransactionAudit"/>) commits in the write's own transaction, or not at all.</summary>
public abstract partial class StoreContract
{
    private protected static readonly AuditChain TestChain = new(new byte[32]);

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

    [Fact]
    public async Task TransactionAudit_ConcurrentWrites_EachAcknowledgedOnlyOnceCommittedInOneChain()
    {
        var names = Enumerable.Range(0, 24).Select(i => $"group-{i}").ToList();

        // Writes and plain appends at once, so that they share commits; each write, once acknowledged, is read back
        // through another connection at once: acknowledged means committed.
        var writes = names.Select(name => Task.Run(async () =>
        {
            var audit = new TransactionAudit(() => WriteEntry(name), TestChain);
            TransactionAudit.Begin(audit);
            await Store.Objects.AddVersionAsync(Secret(name), Version("a"), default);
            return (audit.IsCommitted, Visible: await Store.Objects.GetVersionAsync(Secret(name), null, default) is not null);
        })).ToList();
        var appends = Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.Audit.AppendAsync([WriteEntry($"read-{i}")], TestChain, default))).ToList();
        var acknowledged = await Task.WhenAll(writes);
        await Task.WhenAll(appends);

        Assert.All(acknowledged, a => Assert.True(a.IsCommitted && a.Visible));
        var log = await Store.Audit.ReadAsync(1, 100, default);
        Assert.Equal(Enumerable.Range(1, 32).Select(i => (long)i), log.Select(r => r.Sequence));
        Assert.Equal([.. names.Order(StringComparer.Ordinal), .. Enumerable.Range(0, 8).Select(i => $"read-{i}")],
            log.Select(r => r.Entry.ObjectName!).Order(StringComparer.Ordinal));
        Assert.Null(TestChain.FirstBroken(log, null));
    }

    [Fact]
    public async Task TransactionAudit_SomeConcurrentWritesFail_OnlyTheOthersAndTheirRecordsCommit()
    {
        var writes = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var name = $"mixed-{i}";
            var audit = new TransactionAudit(() => WriteEntry(name), TestChain);
            TransactionAudit.Begin(audit);
            // An odd write inserts one version twice: the versions' unique constraint fails it, and it must fail alone.
            var versions = i % 2 == 0 ? new[] { Version("a") } : [Version("a"), Version("a")];
            try
            {
                await Store.Objects.InsertObjectsAsync([new ObjectInsert(Secret(name), versions, null)], default);
                return (name, Succeeded: true, audit.IsCommitted);
            }
            catch (Exception e) when (e is not AuditUnavailableException)
            {
                return (name, Succeeded: false, audit.IsCommitted);
            }
        })).ToList();
        var outcomes = await Task.WhenAll(writes);

        Assert.All(outcomes, o => Assert.Equal(int.Parse(o.name["mixed-".Length..], CultureInfo.InvariantCulture) % 2 == 0, o.Succeeded));
        Assert.All(outcomes, o => Assert.Equal(o.Succeeded, o.IsCommitted));
        foreach (var (name, succeeded, _) in outcomes)
        {
            Assert.Equal(succeeded, await Store.Objects.ReadObjectAsync(Secret(name), default) is not null);
        }

        var log = await Store.Audit.ReadAsync(1, 100, default);
        Assert.Equal(outcomes.Where(o => o.Succeeded).Select(o => o.name).Order(StringComparer.Ordinal), log.Select(r => r.Entry.ObjectName!).Order(StringComparer.Ordinal));
        Assert.Null(TestChain.FirstBroken(log, null));
    }

    /// <summary>The record a write request's auditor makes before the write: no status yet.</summary>
    private protected static AuditEntry WriteEntry(string name) =>
        new(Now, "oid", "app", "tid", "vault1", "SecretSet", "secret", name, null, null, $"request-{name}", null, "::1");
}
