using System.Diagnostics;
using System.Threading.Channels;
using Coffer.Core.Diagnostics;
using Coffer.Core.Audit;

namespace Coffer.Server.Audit;

/// <summary>
/// This node's queue into the audit log: entries queue in arrival order, and a background loop appends them in batches
/// (one transaction per batch, in which the store seals them into the chain after the last stored record, whichever
/// node wrote it). Reads and outcomes record best-effort; releases await <see cref="RecordDurablyAsync"/>, which
/// returns only once their entry is stored. A write's own entry commits with the write (<see cref="TransactionAudit"/>).
/// </summary>
internal sealed class AuditLog : BackgroundService
{
    private const int MaxBatch = 512;
    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(5);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly IAuditStore _store;
    private readonly AuditChain _chain;
    private readonly ILogger<AuditLog> _logger;
    private readonly IDisposable _queueGauge;

    // Completed when an awaited entry is queued: it cuts short the wait for more best-effort entries.
    private volatile TaskCompletionSource _awaitedQueued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuditLog(IAuditStore store, AuditChain chain, ILogger<AuditLog> logger)
    {
        (_store, _chain, _logger) = (store, chain, logger);
        _queueGauge = CofferMetrics.ObserveAuditQueue(() => _queue.Reader.Count);
    }

    /// <summary>Whether the last batch appended was stored (true before any): the audit store's health.</summary>
    public bool LastAppendSucceeded { get; private set; } = true;

    /// <summary>Queues an entry; a failure to store it is logged, not raised.</summary>
    public async ValueTask RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (!await TryQueueAsync(new Pending(entry, null), cancellationToken))
        {
            _logger.LogError("Audit entry for {Operation} (request {RequestId}) was not recorded: the audit log is closed.", entry.Operation, entry.RequestId);
        }
    }

    /// <summary>Returns once <paramref name="entry"/> is stored; throws when it could not be.</summary>
    public async Task RecordDurablyAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!await TryQueueAsync(new Pending(entry, stored), cancellationToken))
        {
            throw new InvalidOperationException("The audit log is closed.");
        }

        _awaitedQueued.TrySetResult();

        await stored.Task.WaitAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _queueGauge.Dispose();
        base.Dispose();
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete(); // drain what is queued, then stop
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            var awaitedQueued = _awaitedQueued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!Drain(batch) && batch.Count < MaxBatch && !_queue.Reader.Completion.IsCompleted)
            {
                // Only best-effort entries so far: let more gather (a transaction per handful of reads costs
                // more than the reads), until an awaited entry arrives.
                await Task.WhenAny(awaitedQueued.Task, Task.Delay(CoalesceDelay, CancellationToken.None));
                Drain(batch);
            }

            await WriteAsync(batch);
        }
    }

    /// <summary>Moves queued entries into <paramref name="batch"/>; true when one of them is awaited.</summary>
    private bool Drain(List<Pending> batch)
    {
        var waited = false;
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
            waited |= pending.Stored is not null;
        }

        return waited;
    }

    private async ValueTask<bool> TryQueueAsync(Pending pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _store.AppendAsync(batch.ConvertAll(p => p.Entry), _chain, CancellationToken.None);
            CofferMetrics.AuditCommitted(Stopwatch.GetElapsedTime(started), succeeded: true);
            LastAppendSucceeded = true;
            batch.ForEach(p => p.Stored?.TrySetResult());
        }
#pragma warning disable CA1031 // any store failure fails this batch's waiters; the loop must live on
        catch (Exception e)
#pragma warning restore CA1031
        {
            LastAppendSucceeded = false;
            CofferMetrics.AuditCommitted(Stopwatch.GetElapsedTime(started), succeeded: false);
            _logger.LogError(e, "Could not store {Count} audit entries.", batch.Count);
            batch.ForEach(p => p.Stored?.TrySetException(e));
        }
    }

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource? Stored);
}
