using System.Collections.Concurrent;
using Coffer.Core.Audit;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests;

/// <summary>
/// Group commit's rules, on a recording transaction (the stores' contract tests run it on SQLite and PostgreSQL): writes
/// queued behind a committing group share the next transaction, each is acknowledged only after that commit, a failed
/// commit or audit append fails every write of its group, and a write that throws fails alone.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly AuditChain Chain = new(new byte[32]);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Database _database = new();

    [Fact]
    public async Task Writes_QueuedBehindACommit_ShareTheNextTransactionAndAreAcknowledgedAfterItsCommit()
    {
        var group = _database.Group(holdFirst: true);
        var first = group.WriteAsync(t => t.Work("first"), Audit("first"), default);
        await _database.FirstBegun.Task.WaitAsync(Patience); // the first group holds the lead until the gate opens
        var queued = Enumerable.Range(0, 8).Select(i => Acknowledged(group.WriteAsync(t => t.Work($"w{i}"), Audit($"w{i}"), default))).ToList();
        _database.Gate.SetResult();

        var seen = await Task.WhenAll(queued);
        await first;

        Assert.All(seen, committedWhenAcknowledged => Assert.True(committedWhenAcknowledged));
        var second = Assert.Single(_database.Transactions, t => t.Log.Contains("w0"));
        Assert.Equal([.. Enumerable.Range(0, 8).Select(i => $"w{i}"), "audit w0 w1 w2 w3 w4 w5 w6 w7", "commit"], second.Log);
        Assert.Equal(2, _database.Transactions.Count);
    }

    [Fact]
    public async Task Commit_Fails_EveryWriteOfTheGroupFailsAndNoneIsAcknowledged()
    {
        var group = _database.Group(holdFirst: true);
        var first = group.WriteAsync(t => t.Work("first"), null, default);
        await _database.FirstBegun.Task.WaitAsync(Patience);
        var audits = Enumerable.Range(0, 6).Select(i => Audit($"w{i}")).ToList();
        var queued = audits.Select((audit, i) => group.WriteAsync(t => t.Work($"w{i}"), audit, default)).ToList();
        var entries = group.AppendAsync([new SealableEntry(Entry("read"), Chain)], default); // queued too, behind the writes
        _database.FailCommitOf = "w0";
        _database.Gate.SetResult();
        await first;

        foreach (var write in queued)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => write);
            Assert.Equal("commit failed", error.Message);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => entries);

        Assert.All(audits, audit => Assert.False(audit.IsCommitted));
        Assert.DoesNotContain(_database.Transactions, t => t.Log.Contains("w0") && t.Log.Contains("commit"));
    }

    [Fact]
    public async Task AuditAppend_Fails_EveryWriteOfTheGroupFailsAsAuditUnavailable()
    {
        var group = _database.Group();
        _database.FailAppend = true;

        await Assert.ThrowsAsync<AuditUnavailableException>(() => group.WriteAsync(t => t.Work("w"), Audit("w"), default));

        Assert.DoesNotContain("commit", Assert.Single(_database.Transactions).Log);
    }

    [Fact]
    public async Task Sink_GetsTheSealedRecordsBeforeTheCommit_OneThatThrowsFailsTheGroup()
    {
        var group = _database.Group();
        var sink = new RecordingSink(_database);
        await group.WriteAsync(t => t.Work("kept"), new TransactionAudit(() => Entry("kept"), Chain, sink), default);
        sink.Fail = true;

        await Assert.ThrowsAsync<AuditUnavailableException>(() => group.WriteAsync(t => t.Work("refused"), new TransactionAudit(() => Entry("refused"), Chain, sink), default));

        Assert.Equal(["kept", "refused"], sink.Seen);
        Assert.Equal(["kept", "audit kept", "sink kept", "commit"], _database.Transactions[0].Log);
        Assert.DoesNotContain("commit", _database.Transactions[1].Log);
    }

    [Fact]
    public async Task Write_Throws_FailsAloneAndTheOthersCommitWithoutItOrItsRecord()
    {
        var group = _database.Group(holdFirst: true);
        var first = group.WriteAsync(t => t.Work("first"), null, default);
        await _database.FirstBegun.Task.WaitAsync(Patience);
        var before = group.WriteAsync(t => t.Work("before"), Audit("before"), default);
        var failingAudit = Audit("failing");
        var failing = group.WriteAsync<string>(t => throw new InvalidOperationException("refused"), failingAudit, default);
        var after = group.WriteAsync(t => t.Work("after"), Audit("after"), default);
        _database.Gate.SetResult();

        Assert.Equal("before", await before);
        Assert.Equal("after", await after);
        await first;
        Assert.Equal("refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);

        Assert.False(failingAudit.IsCommitted);
        var committed = _database.Transactions.Where(t => t.Log.Contains("commit")).ToList();
        Assert.Equal(["before", "after", "audit before after", "commit"], committed[^1].Log);
        Assert.DoesNotContain(committed, t => t.Log.Any(l => l.Contains("failing", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Conflict_RunsTheWholeGroupAgain()
    {
        var group = _database.Group();
        _database.ConflictsLeft = 2;

        Assert.Equal("w", await group.WriteAsync(t => t.Work("w"), Audit("w"), default));

        Assert.Equal(3, _database.Transactions.Count);
        Assert.Equal(["w", "audit w", "commit"], _database.Transactions[^1].Log);
    }

    /// <summary>Completes with whether the write's transaction had committed by the time the write was acknowledged.</summary>
    private async Task<bool> Acknowledged(Task<string> write)
    {
        var name = await write;
        return _database.Transactions.Single(t => t.Log.Contains(name)).Log.Contains("commit");
    }

    private static TransactionAudit Audit(string name) => new(() => Entry(name), Chain);

    private static AuditEntry Entry(string name) => new(DateTimeOffset.UnixEpoch, null, null, null, "vault", "SecretSet", "secret", name, null, null, name, null, null);

    private sealed class ConflictException : Exception;

    /// <summary>Notes what it is given in the transaction's log (so its place before the commit shows); throws when told to.</summary>
    private sealed class RecordingSink(Database database) : IAuditSink
    {
        public List<string> Seen { get; } = [];

        public bool Fail { get; set; }

        public Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            Seen.AddRange(records.Select(r => r.Entry.ObjectName!));
            database.Transactions[^1].Log.Add("sink " + string.Join(' ', records.Select(r => r.Entry.ObjectName)));
            return Fail ? Task.FromException(new IOException("sink down")) : Task.CompletedTask;
        }
    }

    /// <summary>Hands out recording transactions; when asked, the first waits at <see cref="Gate"/> so that writes queue behind it.</summary>
    private sealed class Database
    {
        public ConcurrentQueue<Transaction> Begun { get; } = new();

        public List<Transaction> Transactions => [.. Begun];

        public TaskCompletionSource FirstBegun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? FailCommitOf { get; set; }

        public bool FailAppend { get; set; }

        public int ConflictsLeft { get; set; }

        private bool _holdFirst;

        public GroupCommit<Transaction> Group(bool holdFirst = false)
        {
            _holdFirst = holdFirst;
            return new(BeginAsync, e => e is ConflictException, maxAttempts: 10);
        }

        private async Task<Transaction> BeginAsync(CancellationToken cancellationToken)
        {
            var transaction = new Transaction(this);
            Begun.Enqueue(transaction);
            if (_holdFirst && Begun.Count == 1)
            {
                FirstBegun.SetResult();
                await Gate.Task.WaitAsync(Patience, cancellationToken);
            }

            return transaction;
        }
    }

    private sealed class Transaction(Database database) : IGroupTransaction
    {
        public List<string> Log { get; } = [];

        public Task<string> Work(string name)
        {
            Log.Add(name);
            return Task.FromResult(name);
        }

        public Task<IReadOnlyList<AuditRecord>> AppendAuditAsync(IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken)
        {
            if (database.FailAppend)
            {
                throw new InvalidOperationException("append failed");
            }

            if (database.ConflictsLeft > 0)
            {
                database.ConflictsLeft--;
                throw new ConflictException();
            }

            Log.Add("audit " + string.Join(' ', entries.Select(e => e.Entry.ObjectName)));
            return Task.FromResult<IReadOnlyList<AuditRecord>>([.. entries.Select((e, i) => new AuditRecord(i + 1, e.Entry, new byte[32]))]);
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            if (database.FailCommitOf is { } failing && Log.Contains(failing))
            {
                throw new InvalidOperationException("commit failed");
            }

            Log.Add("commit");
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
