using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>
/// Numbered schema scripts, applied at open in one transaction under an advisory lock, so that nodes starting
/// together on an empty or older database apply each script once; <c>schema_migrations</c> records which ran.
/// The SQL is plain (no extensions); only the audit log's guards are PL/pgSQL, as a PostgreSQL trigger must be.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>One object name per vault and kind, active or soft-deleted: the constraint concurrent creates and restores meet.</summary>
    public const string ObjectNameUnique = "objects_name_unique";

    private const long MigrationLock = 0x436F66666572; // "Coffer" in ASCII: the advisory lock key, shared by every node

    private static readonly string[] Scripts =
    [
        $"""
        CREATE TABLE settings (
            name  text COLLATE "C" PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE keyring (
            id         integer     PRIMARY KEY,
            wrapped    bytea       NOT NULL,
            created_on timestamptz NOT NULL
        );
        CREATE TABLE clients (
            client_id    text COLLATE "C" PRIMARY KEY,
            object_id    text        NOT NULL,
            tenant_id    text        NOT NULL,
            display_name text        NOT NULL,
            secret_hash  text        NOT NULL,
            is_admin     boolean     NOT NULL,
            created_on   timestamptz NOT NULL
        );
        CREATE TABLE vaults (
            name               text COLLATE "C" PRIMARY KEY,
            tenant_id          text        NOT NULL,
            subscription_id    text        NOT NULL,
            location           text        NOT NULL,
            retention_days     integer     NOT NULL,
            purge_protection   boolean     NOT NULL,
            created_on         timestamptz NOT NULL,
            authorization_mode integer     NOT NULL
        );
        CREATE TABLE objects (
            id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            vault              text COLLATE "C" NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            kind               integer          NOT NULL,
            name_key           text COLLATE "C" NOT NULL,
            name               text             NOT NULL,
            deleted_on         timestamptz      NULL,
            scheduled_purge_on timestamptz      NULL,
            policy             text             NULL,
            pending            bytea            NULL,
            CONSTRAINT {ObjectNameUnique} UNIQUE (vault, kind, name_key)
        );
        CREATE INDEX objects_scheduled_purge ON objects (scheduled_purge_on) WHERE scheduled_purge_on IS NOT NULL;
        CREATE TABLE versions (
            seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            object_id    bigint      NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
            version      text        NOT NULL,
            created      timestamptz NOT NULL,
            updated      timestamptz NOT NULL,
            enabled      boolean     NOT NULL,
            nbf          timestamptz NULL,
            exp          timestamptz NULL,
            tags         text        NULL,
            content_type text        NULL,
            material     bytea       NOT NULL,
            properties   text        NULL,
            CONSTRAINT versions_id_unique UNIQUE (object_id, version)
        );
        CREATE INDEX versions_by_object ON versions (object_id, seq);
        CREATE TABLE access_policies (
            vault        text COLLATE "C" NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            object_id    text    NOT NULL,
            issuer       text    NOT NULL DEFAULT '',
            position     integer NOT NULL,
            tenant_id    text    NOT NULL,
            keys         text    NOT NULL,
            secrets      text    NOT NULL,
            certificates text    NOT NULL,
            PRIMARY KEY (vault, object_id, issuer)
        );
        CREATE TABLE role_assignments (
            id                 text COLLATE "C" PRIMARY KEY,
            vault              text COLLATE "C" NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            role_definition_id text        NOT NULL,
            principal_id       text        NOT NULL,
            principal_issuer   text        NOT NULL DEFAULT '',
            scope              text        NOT NULL,
            created_on         timestamptz NOT NULL
        );
        CREATE INDEX role_assignments_by_vault ON role_assignments (vault);
        CREATE TABLE audit_log (
            sequence       bigint      PRIMARY KEY,
            time           timestamptz NOT NULL,
            object_id      text        NULL,
            application_id text        NULL,
            tenant_id      text        NULL,
            vault          text        NULL,
            operation      text        NOT NULL,
            object_kind    text        NULL,
            object_name    text        NULL,
            object_version text        NULL,
            status         integer     NULL,
            request_id     text        NOT NULL,
            correlation_id text        NULL,
            client_ip      text        NULL,
            hash           bytea       NOT NULL,
            issuer         text        NULL
        );
        CREATE TABLE audit_log_lock (id integer PRIMARY KEY);
        INSERT INTO audit_log_lock (id) VALUES (1);
        """,
        """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only';
        END
        $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
        """,
        // The chain's head in its lock row: an append reads it with the lock instead of seeking the last record.
        // Every node must run this version: an older one appends without moving the head, and the next append meets
        // the sequence it took (a primary-key violation, refused as an audit failure), never a forked chain.
        """
        ALTER TABLE audit_log_lock ADD COLUMN sequence bigint NOT NULL DEFAULT 0, ADD COLUMN hash bytea NULL;
        UPDATE audit_log_lock SET sequence = a.sequence, hash = a.hash
            FROM (SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1) a;
        """,
        // Scheduled vault backups (issue 18): the schedule is also the due-work row a node claims (claim_id, claimed_until).
        """
        CREATE TABLE backup_schedules (
            vault           text COLLATE "C" PRIMARY KEY REFERENCES vaults (name) ON DELETE CASCADE,
            cron            text        NULL,
            period          text        NULL,
            destination     text        NOT NULL,
            keep_last       integer     NULL,
            keep_days       integer     NULL,
            next_run_on     timestamptz NOT NULL,
            failed_attempts integer     NOT NULL,
            claim_id        text        NULL,
            claimed_until   timestamptz NULL
        );
        CREATE INDEX backup_schedules_due ON backup_schedules (next_run_on);
        CREATE TABLE backup_runs (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            vault       text COLLATE "C" NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            started_on  timestamptz NOT NULL,
            finished_on timestamptz NOT NULL,
            outcome     integer     NOT NULL,
            attempt     integer     NOT NULL,
            file        text        NULL,
            objects     integer     NOT NULL,
            bytes       bigint      NOT NULL,
            digest      text        NULL,
            error       text        NULL
        );
        CREATE INDEX backup_runs_by_vault ON backup_runs (vault, id);
        """,
        // Retention (issue 23): the anchor a pruned log continues from (in the lock row, beside the head), the exports
        // a prune relies on, and a delete guard: a DELETE stands only in a transaction that set coffer.audit_prune, and
        // only for entries at or before the anchor that a recorded export holds. UPDATE and TRUNCATE stay refused.
        """
        ALTER TABLE audit_log_lock ADD COLUMN anchor_sequence bigint NOT NULL DEFAULT 0, ADD COLUMN anchor_hash bytea NULL;
        CREATE TABLE audit_exports (
            id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            first_sequence bigint      NOT NULL,
            last_sequence  bigint      NOT NULL,
            last_hash      bytea       NOT NULL,
            exported_on    timestamptz NOT NULL,
            name           text        NOT NULL
        );
        DROP TRIGGER audit_log_append_only ON audit_log;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
        CREATE FUNCTION audit_log_prune_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('coffer.audit_prune', true) IS DISTINCT FROM 'on' OR EXISTS (
                SELECT 1 FROM pruned p
                WHERE p.sequence > (SELECT anchor_sequence FROM audit_log_lock)
                   OR NOT EXISTS (SELECT 1 FROM audit_exports e WHERE p.sequence BETWEEN e.first_sequence AND e.last_sequence)) THEN
                RAISE EXCEPTION 'the audit log is append-only: entries leave only through a prune of exported entries';
            END IF;
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER audit_log_prune_only AFTER DELETE ON audit_log REFERENCING OLD TABLE AS pruned
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_prune_only();
        """,
        // Users who sign in to the portal (issue 16): principals like clients, keyed by a sign-in name.
        """
        CREATE TABLE users (
            user_name     text COLLATE "C" PRIMARY KEY,
            object_id     text        NOT NULL UNIQUE,
            tenant_id     text        NOT NULL,
            display_name  text        NOT NULL,
            password_hash text        NOT NULL,
            is_admin      boolean     NOT NULL,
            created_on    timestamptz NOT NULL
        );
        """,
        // A recover kept in progress by --azure-timing (issue 15): the moment the recovery lander makes the object active again.
        """
        ALTER TABLE objects ADD COLUMN recovers_on timestamptz NULL;
        CREATE INDEX objects_recovers_on ON objects (recovers_on) WHERE recovers_on IS NOT NULL;
        """,
        // Key Vault events (issue 18): subscriptions per vault, the outbox of deliveries (written in the transaction of
        // the change that raises them, claimed like backup schedules), and the once-keys of expiry events.
        """
        CREATE TABLE event_subscriptions (
            id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            vault      text COLLATE "C" NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            name_key   text COLLATE "C" NOT NULL,
            name       text        NOT NULL,
            endpoint   text        NOT NULL,
            type_mask  integer     NOT NULL,
            schema     integer     NOT NULL,
            secret     bytea       NULL,
            created_on timestamptz NOT NULL,
            CONSTRAINT event_subscriptions_name_unique UNIQUE (vault, name_key)
        );
        CREATE TABLE event_deliveries (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            subscription_id bigint      NOT NULL REFERENCES event_subscriptions (id) ON DELETE CASCADE,
            event_id        text        NOT NULL,
            event_type      integer     NOT NULL,
            vault           text        NOT NULL,
            object_name     text        NULL,
            version         text        NULL,
            nbf             timestamptz NULL,
            exp             timestamptz NULL,
            event_time      timestamptz NOT NULL,
            outcome         integer     NOT NULL,
            attempts        integer     NOT NULL,
            next_attempt_on timestamptz NOT NULL,
            last_attempt_on timestamptz NULL,
            last_status     integer     NULL,
            last_error      text        NULL,
            claim_id        text        NULL,
            claimed_until   timestamptz NULL,
            CONSTRAINT event_deliveries_once UNIQUE (subscription_id, event_id)
        );
        CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_on) WHERE outcome = 0;
        CREATE TABLE event_once (
            vault      text COLLATE "C" NOT NULL REFERENCES vaults (name) ON DELETE CASCADE,
            version    text    NOT NULL,
            event_type integer NOT NULL,
            PRIMARY KEY (vault, version, event_type)
        );
        """,
        // Key hygiene (issue 19): a data key's activation time and, during a root key rotation, its wrap under the previous root key.
        """
        ALTER TABLE keyring ADD COLUMN activates_on timestamptz, ADD COLUMN previous_wrapped bytea;
        """,
    ];

    /// <summary>The schema version this code brings a database to.</summary>
    public static int Version => Scripts.Length;

    public static async Task<int> AppliedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        Convert.ToInt32(
            await connection.ScalarAsync("SELECT coalesce(max(version), 0) FROM schema_migrations", transaction, cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock($1)", transaction, cancellationToken, MigrationLock);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_on timestamptz NOT NULL)",
            transaction, cancellationToken);
        var applied = await AppliedAsync(connection, transaction, cancellationToken);
        if (applied > Scripts.Length)
        {
            throw new InvalidOperationException(
                $"The database schema is version {applied}, newer than this Coffer knows ({Scripts.Length}). Upgrade Coffer.");
        }

        for (var version = applied + 1; version <= Scripts.Length; version++)
        {
            await connection.ExecuteAsync(Scripts[version - 1], transaction, cancellationToken);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_on) VALUES ($1, now())", transaction, cancellationToken, version);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
