using System.Diagnostics;
using Azure;

namespace Coffer.Bench.Load;

/// <summary>
/// Runs one operation in a loop on N concurrent clients, each stopping at the deadline or its
/// operation budget, whichever comes first; a hard stop cancels stragglers.
/// </summary>
internal static class LoadPhase
{
    private static readonly TimeSpan HardStopGrace = TimeSpan.FromSeconds(30);

    /// <param name="firstSeq">Sequence number of each client's first operation, so slices of one phase use distinct names.</param>
    /// <param name="operation">(client, sequence number, token).</param>
    public static async Task<PhaseResult> RunAsync(
        string label, int clients, TimeSpan duration, int maxOpsPerClient, int firstSeq,
        Func<int, int, CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(duration + HardStopGrace);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var pauseBefore = GC.GetTotalPauseDuration();
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var clock = new PhaseClock(Stopwatch.GetTimestamp(), duration);
        var workers = new Task<ClientTally>[clients];
        for (var c = 0; c < clients; c++)
        {
            var client = c;
            workers[c] = Task.Run(
                () => RunClientAsync(client, clock, firstSeq, firstSeq + maxOpsPerClient, operation, hardStop.Token), CancellationToken.None);
        }

        var tallies = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(clock.Started);
        return PhaseResult.From(label, tallies, elapsed, Environment.CpuUsage.TotalTime - cpuBefore,
            GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore, GC.GetTotalPauseDuration() - pauseBefore,
            System.Runtime.JitInfo.GetCompilationTime() - jitBefore);
    }

    private static async Task<ClientTally> RunClientAsync(
        int client, PhaseClock clock, int firstSeq, int endSeq, Func<int, int, CancellationToken, Task> operation, CancellationToken hardStop)
    {
        var tally = new ClientTally(client);
        for (var seq = firstSeq; seq < endSeq && Stopwatch.GetTimestamp() < clock.Deadline && !hardStop.IsCancellationRequested; seq++)
        {
            var before = Stopwatch.GetTimestamp();
            try
            {
                await operation(client, seq, hardStop);
                var after = Stopwatch.GetTimestamp();
                tally.Succeeded(seq, Stopwatch.GetElapsedTime(before, after).TotalMilliseconds, clock.SecondOf(after));
            }
            catch (Exception e)
            {
                tally.Failed(ErrorKind(e, hardStop), e.Message);
            }
        }

        return tally;
    }

    private static string ErrorKind(Exception e, CancellationToken hardStop) => e switch
    {
        RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status}",
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        OperationCanceledException when hardStop.IsCancellationRequested => "hard stop",
        OperationCanceledException => "timeout",
        _ => e.GetType().Name,
    };

    private sealed class PhaseClock(long started, TimeSpan duration)
    {
        private readonly int _lastSecond = Math.Max(0, (int)Math.Ceiling(duration.TotalSeconds) - 1);

        public long Started { get; } = started;

        public long Deadline { get; } = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        /// <summary>The whole second an operation ended in; those still in flight at the deadline count in the last one.</summary>
        public int SecondOf(long timestamp) => Math.Min((int)((timestamp - Started) / Stopwatch.Frequency), _lastSecond);
    }
}
