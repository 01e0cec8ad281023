namespace Coffer.Core.Jobs;

/// <summary>Background jobs (the purge sweeper, schedules) that one node at a time may run, whichever nodes share the database.</summary>
public interface IJobLocks
{
    /// <summary>
    /// Runs <paramref name="work"/> holding <paramref name="job"/>'s lock, or returns false at once when another node (or
    /// run) holds it. A node that dies while holding a lock releases it, so another takes the job over.
    /// </summary>
    Task<bool> TryRunExclusiveAsync(string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken);
}
