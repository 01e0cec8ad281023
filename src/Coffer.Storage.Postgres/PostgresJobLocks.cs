using Coffer.Core.Jobs;

namespace Coffer.Storage.Postgres;

/// <summary>
/// Job locks as PostgreSQL session advisory locks, held on a connection of their own while the job runs: another node's
/// try fails at once, and a node that dies drops its connection, which releases the lock.
/// </summary>
internal sealed class PostgresJobLocks(PostgresDatabase database) : IJobLocks
{
    private const string Key = "hashtextextended('coffer-job:' || $1, 0)";

    public async Task<bool> TryRunExclusiveAsync(string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (await connection.ScalarAsync($"SELECT pg_try_advisory_lock({Key})", null, cancellationToken, job) is not true)
        {
            return false;
        }

        try
        {
            await work(cancellationToken);
            return true;
        }
        finally
        {
            await connection.ExecuteAsync($"SELECT pg_advisory_unlock({Key})", null, CancellationToken.None, job);
        }
    }
}
