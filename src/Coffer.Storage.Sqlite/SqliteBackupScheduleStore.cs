using Coffer.Core.Backup.Schedules;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>Backup schedules and runs; a claim is an UPDATE in the one writer's transaction, so two claims never meet.</summary>
public sealed class SqliteBackupScheduleStore(SqliteDatabase database) : IBackupScheduleStore
{
    private const string Columns = "vault, cron, period, destination, keep_last, keep_days, next_run_on, failed_attempts";
    private const string RunColumns = "vault, started_on, finished_on, outcome, attempt, file, objects, bytes, digest, error";

    public Task<bool> SetAsync(BackupSchedule schedule, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            $"""
            INSERT INTO backup_schedules ({Columns}, claim_id, claimed_until)
            SELECT $vault, $cron, $interval, $destination, $keepLast, $keepDays, $next, $failed, NULL, NULL FROM vaults WHERE name = $vault
            ON CONFLICT (vault) DO UPDATE SET cron = excluded.cron, period = excluded.period, destination = excluded.destination,
                keep_last = excluded.keep_last, keep_days = excluded.keep_days, next_run_on = excluded.next_run_on,
                failed_attempts = excluded.failed_attempts, claim_id = NULL, claimed_until = NULL
            """,
            transaction, cancellationToken,
            ("$vault", SqliteObjectStore.VaultKey(schedule.Vault)), ("$cron", schedule.Cron), ("$interval", schedule.Interval),
            ("$destination", schedule.Destination), ("$keepLast", schedule.KeepLast), ("$keepDays", schedule.KeepDays),
            ("$next", schedule.NextRunOn.Unix()), ("$failed", schedule.FailedAttempts)) == 1, cancellationToken);

    public Task<BackupSchedule?> GetAsync(string vault, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {Columns} FROM backup_schedules WHERE vault = $vault", null, Read,
                cancellationToken, ("$vault", SqliteObjectStore.VaultKey(vault)));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<bool> DeleteAsync(string vault, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            "DELETE FROM backup_schedules WHERE vault = $vault", transaction, cancellationToken, ("$vault", SqliteObjectStore.VaultKey(vault))) == 1,
            cancellationToken);

    public Task<BackupClaim?> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var claimId = Guid.NewGuid().ToString("N");
            var until = (now + lease).Unix();
            var rows = await connection.QueryAsync(
                $"""
                UPDATE backup_schedules SET claim_id = $claim, claimed_until = $until
                WHERE vault = (SELECT vault FROM backup_schedules
                               WHERE next_run_on <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
                               ORDER BY next_run_on, vault LIMIT 1)
                RETURNING {Columns}
                """,
                transaction, Read, cancellationToken, ("$claim", claimId), ("$until", until), ("$now", now.Unix()));
            return rows.Count == 0 ? null : new BackupClaim(rows[0], claimId, SqliteCommands.FromUnix(until));
        }, cancellationToken);

    public Task<bool> CompleteAsync(BackupClaim claim, BackupRun run, DateTimeOffset nextRunOn, int failedAttempts, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var vault = SqliteObjectStore.VaultKey(claim.Schedule.Vault);
            await connection.ExecuteAsync(
                $"INSERT INTO backup_runs ({RunColumns}) SELECT $vault, $started, $finished, $outcome, $attempt, $file, $objects, $bytes, $digest, $error FROM vaults WHERE name = $vault",
                transaction, cancellationToken,
                ("$vault", vault), ("$started", run.StartedOn.Unix()), ("$finished", run.FinishedOn.Unix()), ("$outcome", (int)run.Outcome),
                ("$attempt", run.Attempt), ("$file", run.File), ("$objects", run.ObjectCount), ("$bytes", run.Bytes), ("$digest", run.Digest), ("$error", run.Error));
            return await connection.ExecuteAsync(
                """
                UPDATE backup_schedules SET next_run_on = $next, failed_attempts = $failed, claim_id = NULL, claimed_until = NULL
                WHERE vault = $vault AND claim_id = $claim
                """,
                transaction, cancellationToken, ("$next", nextRunOn.Unix()), ("$failed", failedAttempts), ("$vault", vault), ("$claim", claim.ClaimId)) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<BackupRun>> ListRunsAsync(string vault, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<BackupRun>>(async connection => await connection.QueryAsync(
            $"SELECT {RunColumns} FROM backup_runs WHERE vault = $vault ORDER BY id DESC LIMIT $limit", null, ReadRun, cancellationToken,
            ("$vault", SqliteObjectStore.VaultKey(vault)), ("$limit", limit)), cancellationToken);

    private static BackupSchedule Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.NullableString(1), reader.NullableString(2), reader.GetString(3),
        (int?)reader.NullableInt64(4), (int?)reader.NullableInt64(5), SqliteCommands.FromUnix(reader.GetInt64(6)), reader.GetInt32(7));

    private static BackupRun ReadRun(SqliteDataReader reader) => new(
        reader.GetString(0), SqliteCommands.FromUnix(reader.GetInt64(1)), SqliteCommands.FromUnix(reader.GetInt64(2)),
        (BackupRunOutcome)reader.GetInt32(3), reader.GetInt32(4), reader.NullableString(5), reader.GetInt32(6), reader.GetInt64(7),
        reader.NullableString(8), reader.NullableString(9));
}
