using System.Collections.Concurrent;
using Coffer.Core.Audit;

namespace Coffer.Core.Storage;

/// <summary>
/// Group commit for a node's writes: writes queue up while a group is committing, and the drain runs the queued writes
/// one after another in <b>one</b> transaction, appends all their audit entries at its end
/// (one take of the log's lock) and commits once. Each write is acknowledged only after that commit, so
/// "acknowledged means durable" holds for every write of the group, and a commit or audit append that fails fails them
/// all. A write that throws is taken out: the transaction rolls back, that write fails alone, and the others run again
/// in a new transaction (their work is re-runnable, as for a conflict); nothing of the failed write is committed.
/// </summary>
/// <param name="begin">Opens the transaction a group runs in.</param>
/// <param name="isConflict">True for an error another node's concurrent transaction caused: the whole group runs again.</param>
#pragma warning disable CA1001 // the semaphore never allocates a wait handle (nothing asks for one): there is nothing to dispose
public sealed class GroupCommit<TTransaction>(Func<CancellationToken, Task<TTransaction>> begin, Func<Exception, bool> isConflict, int maxAttempts)
    where TTransaction : class, IGroupTransaction
{
    /// <summary>The most writes one transaction carries: enough to empty the queue of a busy node, few enough to keep a group's locks brief.</summary>
    public const int MaxWrites = 64;

    private readonly SemaphoreSlim _committing = new(1, 1);
#pragma warning restore CA1001
    private readonly ConcurrentQueue<GroupWrite> _queue = new();
    private int _draining; // 1 while a drain runs: it commits queued writes, group after group, until the queue is empty

    /// <summary>Runs <paramref name="work"/> in a group; <paramref name="audit"/> (claimed by the caller) commits with it.</summary>
    public Task<T> WriteAsync<T>(Func<TTransaction, Task<T>> work, TransactionAudit? audit, CancellationToken cancellationToken) =>
        RunAsync(new Write<T>(work, audit, entries: null, alone: false), cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a transaction of its own: for a write that cannot run twice (it consumes a stream).</summary>
    public Task<T> WriteAloneAsync<T>(Func<TTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(new Write<T>(work, audit: null, entries: null, alone: true), cancellationToken);

    /// <summary>Appends <paramref name="entries"/> to the audit log with the next group; returns once they are committed.</summary>
    public Task AppendAsync(IReadOnlyList<SealableEntry> entries, CancellationToken cancellationToken) =>
        RunAsync(new Write<bool>(_ => Task.FromResult(true), audit: null, entries, alone: false), cancellationToken);

    /// <summary>Runs <paramref name="action"/> while no group is committing (to close the database); false when none ended within <paramref name="timeout"/>.</summary>
    public bool TryRunExclusive(Action action, TimeSpan timeout)
    {
        if (!_committing.Wait(timeout))
        {
            return false;
        }

        try
        {
            action();
            return true;
        }
        finally
        {
            _committing.Release();
        }
    }

    private async Task<T> RunAsync<T>(Write<T> write, CancellationToken cancellationToken)
    {
        _queue.Enqueue(write);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            StartDrain();
        }

        try
        {
            return await write.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !write.TryCancel())
        {
            return await write.Task; // a group has it: its commit decides
        }
    }

    // The drain runs beside the callers, none of which waits for more than its own write; and outside their async flow,
    // so that no request's ambient state (its TransactionAudit, its activity) leaks into the others' work.
    private void StartDrain()
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(DrainAsync);
        }
    }

    private async Task DrainAsync()
    {
        do
        {
            await _committing.WaitAsync(); // taken from the drain only by TryRunExclusive
            try
            {
                while (!_queue.IsEmpty)
                {
                    await LeadAsync();
                }
            }
            finally
            {
                _committing.Release();
                Volatile.Write(ref _draining, 0);
            }
        }
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _draining, 1, 0) == 0); // a write queued as the drain ended
    }

    private async Task LeadAsync()
    {
        var group = new List<GroupWrite>();
        while (group.Count < MaxWrites && _queue.TryPeek(out var next) && !(next.Alone && group.Count > 0))
        {
            _queue.TryDequeue(out _); // only the drain dequeues: this is the write just peeked
            if (next.TryTake())
            {
                group.Add(next);
                if (next.Alone)
                {
                    break;
                }
            }
        }

        if (group.Count > 0)
        {
            await CommitAsync(group);
        }
    }

    private async Task CommitAsync(List<GroupWrite> group)
    {
        var attempt = 1;
        while (group.Count > 0)
        {
            GroupWrite? running = null;
            try
            {
                await using var transaction = await begin(CancellationToken.None);
                foreach (var write in group)
                {
                    running = write;
                    await write.RunAsync(transaction);
                }

                running = null;
                var entries = group.SelectMany(w => w.Entries()).ToList();
                if (entries.Count > 0)
                {
                    await AppendAuditAsync(transaction, entries);
                }

                await transaction.CommitAsync(CancellationToken.None);
            }
            catch (Exception e) when (isConflict(e) && attempt++ < maxAttempts)
            {
                continue; // another node's transaction came first; the next attempt sees what it committed
            }
            catch (Exception e) when (running is not null)
            {
                running.Fail(e); // rolled back; the others run again without it
                group.Remove(running);
                continue;
            }
#pragma warning disable CA1031 // whatever failed the append or the commit fails every write of the group, none acknowledged
            catch (Exception e)
#pragma warning restore CA1031
            {
                group.ForEach(w => w.Fail(e));
                return;
            }

            group.ForEach(w => w.Complete());
            return;
        }
    }

    private async Task AppendAuditAsync(TTransaction transaction, List<SealableEntry> entries)
    {
        try
        {
            var records = await transaction.AppendAuditAsync(entries, CancellationToken.None);
            if (!entries.Exists(e => e.Sink is not null))
            {
                return;
            }

            // Before the commit: a required sink that throws fails the group, as a failed append does.
            foreach (var sink in entries.Select(e => e.Sink).OfType<IAuditSink>().Distinct())
            {
                await sink.WriteAsync([.. records.Where((_, i) => ReferenceEquals(entries[i].Sink, sink))], CancellationToken.None);
            }
        }
        catch (Exception e) when (!isConflict(e))
        {
            throw new AuditUnavailableException(e);
        }
    }

    private abstract class GroupWrite(bool alone)
    {
        private const int Queued = 0, Taken = 1, Cancelled = 2;
        private int _state;

        public bool Alone { get; } = alone;

        public bool IsTaken => Volatile.Read(ref _state) == Taken;

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public bool TryCancel()
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) != Queued)
            {
                return false;
            }

            Cancel();
            return true;
        }

        public abstract Task RunAsync(TTransaction transaction);

        /// <summary>The audit entries this write commits, as of now.</summary>
        public abstract IEnumerable<SealableEntry> Entries();

        public abstract void Complete();

        public abstract void Fail(Exception error);

        protected abstract void Cancel();
    }

    private sealed class Write<T>(Func<TTransaction, Task<T>> work, TransactionAudit? audit, IReadOnlyList<SealableEntry>? entries, bool alone)
        : GroupWrite(alone)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(TTransaction transaction) => _result = await work(transaction);

        public override IEnumerable<SealableEntry> Entries() =>
            audit is not null ? [new SealableEntry(audit.CreateEntry(), audit.Chain, audit.Sink)] : entries ?? [];

        public override void Complete()
        {
            audit?.MarkCommitted();
            _done.TrySetResult(_result!);
        }

        public override void Fail(Exception error)
        {
            audit?.Release(); // a later write of the request may carry the record
            _done.TrySetException(error);
        }

        protected override void Cancel() => audit?.Release();
    }
}
