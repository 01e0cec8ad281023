using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>Numbered schema scripts; <c>PRAGMA user_version</c> records how many have run.</summary>
internal static class SqliteMigrations
{
    private static readonly string[] Scripts =
    [
        """
        CREATE TABLE settings (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE keyring (
            id         INTEGER PRIMARY KEY,
            wrapped    BLOB    NOT NULL,
            created_on INTEGER NOT NULL
        );
        CREATE TABLE clients (
            client_id    TEXT PRIMARY KEY,
            object_id    TEXT    NOT NULL,
            tenant_id    TEXT    NOT NULL,
            display_name TEXT    NOT NULL,
            secret_hash  TEXT    NOT NULL,
            is_admin     INTEGER NOT NULL,
            created_on   INTEGER NOT NULL
        );
        CREATE TABLE vaults (
            name            TEXT PRIMARY KEY,
            tenant_id       TEXT    NOT NULL,
            subscription_id TEXT    NOT NULL,
            location        TEXT    NOT NULL,
            retention_days  INTEGER NOT NULL,
            purge_protection INTEGER NOT NULL,
            created_on      INTEGER NOT NULL
        );
        CREATE TABLE objects (
            id                 INTEGER PRIMARY KEY,
            vault              TEXT    NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            kind               INTEGER NOT NULL,
            name_key           TEXT    NOT NULL,
            name               TEXT    NOT NULL,
            deleted_on         INTEGER NULL,
            scheduled_purge_on INTEGER NULL,
            UNIQUE (vault, kind, name_key)
        );
        CREATE INDEX objects_scheduled_purge ON objects (scheduled_purge_on) WHERE scheduled_purge_on IS NOT NULL;
        CREATE TABLE versions (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            object_id    INTEGER NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
            version      TEXT    NOT NULL,
            created      INTEGER NOT NULL,
            updated      INTEGER NOT NULL,
            enabled      INTEGER NOT NULL,
            nbf          INTEGER NULL,
            exp          INTEGER NULL,
            tags         TEXT    NULL,
            content_type TEXT    NULL,
            material     BLOB    NOT NULL,
            properties   TEXT    NULL,
            UNIQUE (object_id, version)
        );
        CREATE INDEX versions_by_object ON versions (object_id, seq);
        """,
        """
        ALTER TABLE objects ADD COLUMN policy TEXT NULL;
        """,
        """
        ALTER TABLE objects ADD COLUMN pending BLOB NULL;
        """,
        """
        CREATE TABLE audit_log (
            sequence       INTEGER PRIMARY KEY,
            time           INTEGER NOT NULL,
            object_id      TEXT    NULL,
            application_id TEXT    NULL,
            tenant_id      TEXT    NULL,
            vault          TEXT    NULL,
            operation      TEXT    NOT NULL,
            object_kind    TEXT    NULL,
            object_name    TEXT    NULL,
            object_version TEXT    NULL,
            status         INTEGER NULL,
            request_id     TEXT    NOT NULL,
            correlation_id TEXT    NULL,
            client_ip      TEXT    NULL,
            hash           BLOB    NOT NULL
        );
        CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
        // Authorization (issue 7). Vaults that existed before keep working: every admin client of their tenant
        // gets an all-permissions access policy, as the bootstrap gives the default client on a new vault.
        """
        ALTER TABLE vaults ADD COLUMN authorization_mode INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE access_policies (
            vault        TEXT NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            object_id    TEXT NOT NULL,
            tenant_id    TEXT NOT NULL,
            keys         TEXT NOT NULL,
            secrets      TEXT NOT NULL,
            certificates TEXT NOT NULL,
            PRIMARY KEY (vault, object_id)
        );
        CREATE TABLE role_assignments (
            id                 TEXT PRIMARY KEY,
            vault              TEXT    NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            role_definition_id TEXT    NOT NULL,
            principal_id       TEXT    NOT NULL,
            scope              TEXT    NOT NULL,
            created_on         INTEGER NOT NULL
        );
        CREATE INDEX role_assignments_by_vault ON role_assignments (vault);
        INSERT INTO access_policies (vault, object_id, tenant_id, keys, secrets, certificates)
        SELECT v.name, lower(c.object_id), c.tenant_id,
            'get,list,update,create,import,delete,recover,backup,restore,decrypt,encrypt,unwrapKey,wrapKey,verify,sign,purge,release,rotate,getrotationpolicy,setrotationpolicy',
            'get,list,set,delete,recover,backup,restore,purge',
            'get,list,update,create,import,delete,recover,backup,restore,managecontacts,manageissuers,getissuers,listissuers,setissuers,deleteissuers,purge'
        FROM vaults v JOIN clients c ON c.is_admin = 1 AND c.tenant_id = v.tenant_id;
        """,
        // A principal is (object id, issuer): '' is the built-in authority, else an external issuer's iss (issue 21).
        """
        CREATE TABLE access_policies_by_issuer (
            vault        TEXT NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            object_id    TEXT NOT NULL,
            issuer       TEXT NOT NULL DEFAULT '',
            tenant_id    TEXT NOT NULL,
            keys         TEXT NOT NULL,
            secrets      TEXT NOT NULL,
            certificates TEXT NOT NULL,
            PRIMARY KEY (vault, object_id, issuer)
        );
        INSERT INTO access_policies_by_issuer (vault, object_id, tenant_id, keys, secrets, certificates)
        SELECT vault, object_id, tenant_id, keys, secrets, certificates FROM access_policies ORDER BY rowid;
        DROP TABLE access_policies;
        ALTER TABLE access_policies_by_issuer RENAME TO access_policies;
        ALTER TABLE role_assignments ADD COLUMN principal_issuer TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit_log ADD COLUMN issuer TEXT NULL;
        """,
        // Scheduled vault backups (issue 18): the schedule is also the due-work row a node claims (claim_id, claimed_until).
        """
        CREATE TABLE backup_schedules (
            vault           TEXT PRIMARY KEY REFERENCES vaults (name) ON DELETE CASCADE,
            cron            TEXT    NULL,
            period          TEXT    NULL,
            destination     TEXT    NOT NULL,
            keep_last       INTEGER NULL,
            keep_days       INTEGER NULL,
            next_run_on     INTEGER NOT NULL,
            failed_attempts INTEGER NOT NULL,
            claim_id        TEXT    NULL,
            claimed_until   INTEGER NULL
        );
        CREATE INDEX backup_schedules_due ON backup_schedules (next_run_on);
        CREATE TABLE backup_runs (
            id          INTEGER PRIMARY KEY,
            vault       TEXT    NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            started_on  INTEGER NOT NULL,
            finished_on INTEGER NOT NULL,
            outcome     INTEGER NOT NULL,
            attempt     INTEGER NOT NULL,
            file        TEXT    NULL,
            objects     INTEGER NOT NULL,
            bytes       INTEGER NOT NULL,
            digest      TEXT    NULL,
            error       TEXT    NULL
        );
        CREATE INDEX backup_runs_by_vault ON backup_runs (vault, id);
        """,
        // Retention (issue 23): the anchor a pruned log continues from, the exports a prune relies on, and a delete
        // guard that lets through only a prune's own deletes: entries at or before the anchor, held by a recorded
        // export, while the prune's permit row exists in its transaction.
        """
        CREATE TABLE audit_anchor (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            sequence INTEGER NOT NULL,
            hash     BLOB    NOT NULL
        );
        CREATE TABLE audit_exports (
            id             INTEGER PRIMARY KEY,
            first_sequence INTEGER NOT NULL,
            last_sequence  INTEGER NOT NULL,
            last_hash      BLOB    NOT NULL,
            exported_on    INTEGER NOT NULL,
            name           TEXT    NOT NULL
        );
        CREATE TABLE audit_prune_permit (through INTEGER NOT NULL);
        DROP TRIGGER audit_log_append_only_delete;
        CREATE TRIGGER audit_log_prune_only BEFORE DELETE ON audit_log
        WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit p WHERE OLD.sequence <= p.through)
            OR OLD.sequence > coalesce((SELECT sequence FROM audit_anchor), 0)
            OR NOT EXISTS (SELECT 1 FROM audit_exports e WHERE OLD.sequence BETWEEN e.first_sequence AND e.last_sequence)
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries leave only through a prune of exported entries'); END;
        """,
        // Users who sign in to the portal (issue 16): principals like clients, keyed by a sign-in name.
        """
        CREATE TABLE users (
            user_name     TEXT PRIMARY KEY,
            object_id     TEXT    NOT NULL UNIQUE,
            tenant_id     TEXT    NOT NULL,
            display_name  TEXT    NOT NULL,
            password_hash TEXT    NOT NULL,
            is_admin      INTEGER NOT NULL,
            created_on    INTEGER NOT NULL
        );
        """,
        // A recover kept in progress by --azure-timing (issue 15): the moment the recovery lander makes the object active again.
        """
        ALTER TABLE objects ADD COLUMN recovers_on INTEGER NULL;
        CREATE INDEX objects_recovers_on ON objects (recovers_on) WHERE recovers_on IS NOT NULL;
        """,
        // Key Vault events (issue 18): subscriptions per vault, the outbox of deliveries (written in the transaction of
        // the change that raises them, claimed like backup schedules), and the once-keys of expiry events.
        """
        CREATE TABLE event_subscriptions (
            id            INTEGER PRIMARY KEY,
            vault         TEXT    NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            name_key      TEXT    NOT NULL,
            name          TEXT    NOT NULL,
            endpoint      TEXT    NOT NULL,
            type_mask     INTEGER NOT NULL,
            schema        INTEGER NOT NULL,
            secret        BLOB    NULL,
            created_on    INTEGER NOT NULL,
            UNIQUE (vault, name_key)
        );
        CREATE TABLE event_deliveries (
            id              INTEGER PRIMARY KEY,
            subscription_id INTEGER NOT NULL REFERENCES event_subscriptions (id) ON DELETE CASCADE,
            event_id        TEXT    NOT NULL,
            event_type      INTEGER NOT NULL,
            vault           TEXT    NOT NULL,
            object_name     TEXT    NULL,
            version         TEXT    NULL,
            nbf             INTEGER NULL,
            exp             INTEGER NULL,
            event_time      INTEGER NOT NULL,
            outcome         INTEGER NOT NULL,
            attempts        INTEGER NOT NULL,
            next_attempt_on INTEGER NOT NULL,
            last_attempt_on INTEGER NULL,
            last_status     INTEGER NULL,
            last_error      TEXT    NULL,
            claim_id        TEXT    NULL,
            claimed_until   INTEGER NULL,
            UNIQUE (subscription_id, event_id)
        );
        CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_on) WHERE outcome = 0;
        CREATE TABLE event_once (
            vault      TEXT    NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            version    TEXT    NOT NULL,
            event_type INTEGER NOT NULL,
            PRIMARY KEY (vault, version, event_type)
        );
        """,
        // Key hygiene (issue 19): a data key's activation time and, during a root key rotation, its wrap under the previous root key.
        """
        ALTER TABLE keyring ADD COLUMN activates_on INTEGER;
        ALTER TABLE keyring ADD COLUMN previous_wrapped BLOB;
        """,
    ];

    /// <summary>The schema version this code brings a database to.</summary>
    public static int Version => Scripts.Length;

    public static async Task<int> AppliedAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        Convert.ToInt32(await Scalar(connection, transaction, "PRAGMA user_version", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var applied = await AppliedAsync(connection, transaction, cancellationToken);
        if (applied > Scripts.Length)
        {
            throw new InvalidOperationException(
                $"The database schema is version {applied}, newer than this Coffer knows ({Scripts.Length}). Upgrade Coffer.");
        }

        for (var i = applied; i < Scripts.Length; i++)
        {
            await Scalar(connection, transaction, Scripts[i], cancellationToken);
        }

        await Scalar(connection, transaction, $"PRAGMA user_version = {Scripts.Length}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
