using Coffer.Core.Backup.Schedules;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>
/// Backup schedules and runs. A claim takes the due row with <c>FOR UPDATE SKIP LOCKED</c> and marks it in the same
/// statement, so nodes claiming at once each get a different schedule or none, never the same one.
/// </summary>
internal sealed class PostgresBackupScheduleStore(PostgresDatabase database) : IBackupScheduleStore
{
    private const string Columns = "vault, cron, period, destination, keep_last, keep_days, next_run_on, failed_attempts";
    private const string RunColumns = "vault, started_on, finished_on, outcome, attempt, file, objects, bytes, digest, error";

    public Task<bool> SetAsync(BackupSchedule schedule, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            $"""
            INSERT INTO backup_schedules ({Columns}, claim_id, claimed_until)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL FROM vaults WHERE name = $1
            ON CONFLICT (vault) DO UPDATE SET cron = excluded.cron, period = excluded.period, destination = excluded.destination,
                keep_last = excluded.keep_last, keep_days = excluded.keep_days, next_run_on = excluded.next_run_on,
                failed_attempts = excluded.failed_attempts, claim_id = NULL, claimed_until = NULL
            """,
            transaction, cancellationToken,
            PostgresObjectStore.VaultKey(schedule.Vault), schedule.Cron, schedule.Interval, schedule.Destination, schedule.KeepLast,
            schedule.KeepDays, schedule.NextRunOn.WholeSeconds(), schedule.FailedAttempts) == 1, cancellationToken);

    public Task<BackupSchedule?> GetAsync(string vault, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {Columns} FROM backup_schedules WHERE vault = $1", null, Read,
                cancellationToken, PostgresObjectStore.VaultKey(vault));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<bool> DeleteAsync(string vault, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            "DELETE FROM backup_schedules WHERE vault = $1", transaction, cancellationToken, PostgresObjectStore.VaultKey(vault)) == 1,
            cancellationToken);

    public Task<BackupClaim?> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var claimId = Guid.NewGuid().ToString("N");
            var until = (now + lease).WholeSeconds();
            var rows = await connection.QueryAsync(
                $"""
                UPDATE backup_schedules SET claim_id = $1, claimed_until = $2
                WHERE vault = (SELECT vault FROM backup_schedules
                               WHERE next_run_on <= $3 AND (claimed_until IS NULL OR claimed_until <= $3)
                               ORDER BY next_run_on, vault LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING {Columns}
                """,
                transaction, Read, cancellationToken, claimId, until, now.WholeSeconds());
            return rows.Count == 0 ? null : new BackupClaim(rows[0], claimId, until);
        }, cancellationToken);

    public Task<bool> CompleteAsync(BackupClaim claim, BackupRun run, DateTimeOffset nextRunOn, int failedAttempts, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var vault = PostgresObjectStore.VaultKey(claim.Schedule.Vault);
            await connection.ExecuteAsync(
                $"INSERT INTO backup_runs ({RunColumns}) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM vaults WHERE name = $1",
                transaction, cancellationToken,
                vault, run.StartedOn.WholeSeconds(), run.FinishedOn.WholeSeconds(), (int)run.Outcome, run.Attempt, run.File, run.ObjectCount,
                run.Bytes, run.Digest, run.Error);
            return await connection.ExecuteAsync(
                """
                UPDATE backup_schedules SET next_run_on = $1, failed_attempts = $2, claim_id = NULL, claimed_until = NULL
                WHERE vault = $3 AND claim_id = $4
                """,
                transaction, cancellationToken, nextRunOn.WholeSeconds(), failedAttempts, vault, claim.ClaimId) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<BackupRun>> ListRunsAsync(string vault, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<BackupRun>>(async connection => await connection.QueryAsync(
            $"SELECT {RunColumns} FROM backup_runs WHERE vault = $1 ORDER BY id DESC LIMIT $2", null, ReadRun, cancellationToken,
            PostgresObjectStore.VaultKey(vault), (long)limit), cancellationToken);

    private static BackupSchedule Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.NullableString(1), reader.NullableString(2), reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.Time(6), reader.GetInt32(7));

    private static BackupRun ReadRun(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.Time(1), reader.Time(2), (BackupRunOutcome)reader.GetInt32(3), reader.GetInt32(4),
        reader.NullableString(5), reader.GetInt32(6), reader.GetInt64(7), reader.NullableString(8), reader.NullableString(9));
}
