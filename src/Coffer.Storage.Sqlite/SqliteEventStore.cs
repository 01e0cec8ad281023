using Coffer.Core;
using Coffer.Core.Events;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>Event subscriptions and the delivery outbox; a claim is an UPDATE in the one writer's transaction, so two claims never meet.</summary>
public sealed class SqliteEventStore(SqliteDatabase database) : IEventStore
{
    private const string SubscriptionColumns = "s.vault, s.name, s.endpoint, s.type_mask, s.schema, s.secret, s.created_on";

    private const string DeliveryColumns =
        "d.id, d.event_id, d.event_type, d.vault, d.object_name, d.version, d.nbf, d.exp, d.event_time, s.name, d.outcome, d.attempts, " +
        "d.next_attempt_on, d.last_attempt_on, d.last_status, d.last_error";

    public Task<bool> SetSubscriptionAsync(EventSubscription subscription, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            """
            INSERT INTO event_subscriptions (vault, name_key, name, endpoint, type_mask, schema, secret, created_on)
            SELECT $vault, $key, $name, $endpoint, $mask, $schema, $secret, $created FROM vaults WHERE name = $vault
            ON CONFLICT (vault, name_key) DO UPDATE SET name = excluded.name, endpoint = excluded.endpoint,
                type_mask = excluded.type_mask, schema = excluded.schema, secret = excluded.secret
            """,
            transaction, cancellationToken,
            ("$vault", SqliteObjectStore.VaultKey(subscription.Vault)), ("$key", NameKey(subscription.Name)), ("$name", subscription.Name),
            ("$endpoint", subscription.Endpoint.AbsoluteUri), ("$mask", subscription.TypeMask), ("$schema", (int)subscription.Schema),
            ("$secret", subscription.SealedSecret), ("$created", subscription.CreatedOn.Unix())) == 1, cancellationToken);

    public Task<EventSubscription?> GetSubscriptionAsync(string vault, string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {SubscriptionColumns} FROM event_subscriptions s WHERE s.vault = $vault AND s.name_key = $key",
                null, r => ReadSubscription(r, 0), cancellationToken, ("$vault", SqliteObjectStore.VaultKey(vault)), ("$key", NameKey(name)));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<EventSubscription>> ListSubscriptionsAsync(string vault, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<EventSubscription>>(async connection => await connection.QueryAsync(
            $"SELECT {SubscriptionColumns} FROM event_subscriptions s WHERE s.vault = $vault ORDER BY s.name_key",
            null, r => ReadSubscription(r, 0), cancellationToken, ("$vault", SqliteObjectStore.VaultKey(vault))), cancellationToken);

    public Task<bool> DeleteSubscriptionAsync(string vault, string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            "DELETE FROM event_subscriptions WHERE vault = $vault AND name_key = $key", transaction, cancellationToken,
            ("$vault", SqliteObjectStore.VaultKey(vault)), ("$key", NameKey(name))) == 1, cancellationToken);

    public Task<IReadOnlyList<EventDelivery>> ListDeliveriesAsync(string vault, string name, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<EventDelivery>>(async connection => await connection.QueryAsync(
            $"""
            SELECT {DeliveryColumns} FROM event_deliveries d JOIN event_subscriptions s ON s.id = d.subscription_id
            WHERE s.vault = $vault AND s.name_key = $key ORDER BY d.id DESC LIMIT $limit
            """,
            null, ReadDelivery, cancellationToken, ("$vault", SqliteObjectStore.VaultKey(vault)), ("$key", NameKey(name)), ("$limit", limit)),
            cancellationToken);

    public Task<bool> RaiseAsync(VaultEvent raised, bool once, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (once && await connection.ExecuteAsync(
                    "INSERT INTO event_once (vault, version, event_type) SELECT $vault, $version, $type FROM vaults WHERE name = $vault ON CONFLICT DO NOTHING",
                    transaction, cancellationToken,
                    ("$vault", SqliteObjectStore.VaultKey(raised.Vault)), ("$version", raised.Version ?? ""), ("$type", (int)raised.Type)) == 0)
            {
                return false;
            }

            await QueueAsync(connection, transaction, raised, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<ExpiryCandidate>> ListExpiringAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ExpiryCandidate>>(async connection => await connection.QueryAsync(
            """
            SELECT o.vault, o.kind, o.name, v.version, v.nbf, v.exp, o.policy,
                EXISTS (SELECT 1 FROM event_once e WHERE e.vault = o.vault AND e.version = v.version AND e.event_type IN ($nearKey, $nearSecret, $nearCertificate))
            FROM objects o
            JOIN versions v ON v.seq = (SELECT MAX(seq) FROM versions WHERE object_id = o.id)
            WHERE o.deleted_on IS NULL AND v.exp IS NOT NULL
              AND o.vault IN (SELECT vault FROM event_subscriptions)
              AND NOT EXISTS (SELECT 1 FROM event_once e WHERE e.vault = o.vault AND e.version = v.version AND e.event_type IN ($key, $secret, $certificate))
            ORDER BY o.id
            """,
            null,
            r => new ExpiryCandidate(new ObjectRef(r.GetString(0), (ObjectKind)r.GetInt32(1), r.GetString(2)), r.GetString(3),
                SqliteCommands.FromUnix(r.NullableInt64(4)), SqliteCommands.FromUnix(r.GetInt64(5)), r.NullableString(6), r.GetBoolean(7)),
            cancellationToken,
            ("$key", (int)VaultEventType.KeyExpired), ("$secret", (int)VaultEventType.SecretExpired), ("$certificate", (int)VaultEventType.CertificateExpired),
            ("$nearKey", (int)VaultEventType.KeyNearExpiry), ("$nearSecret", (int)VaultEventType.SecretNearExpiry),
            ("$nearCertificate", (int)VaultEventType.CertificateNearExpiry)),
            cancellationToken);

    public Task<IReadOnlyList<EventClaim>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<EventClaim>>(async (connection, transaction) =>
        {
            var claimId = Guid.NewGuid().ToString("N");
            await connection.ExecuteAsync(
                """
                UPDATE event_deliveries SET claim_id = $claim, claimed_until = $until
                WHERE id IN (SELECT id FROM event_deliveries
                             WHERE outcome = 0 AND next_attempt_on <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
                             ORDER BY next_attempt_on, id LIMIT $limit)
                """,
                transaction, cancellationToken, ("$claim", claimId), ("$until", (now + lease).Unix()), ("$now", now.Unix()), ("$limit", limit));
            return await connection.QueryAsync(
                $"""
                SELECT {DeliveryColumns}, {SubscriptionColumns} FROM event_deliveries d JOIN event_subscriptions s ON s.id = d.subscription_id
                WHERE d.claim_id = $claim ORDER BY d.id
                """,
                transaction, r => new EventClaim(ReadDelivery(r), ReadSubscription(r, 16), claimId), cancellationToken, ("$claim", claimId));
        }, cancellationToken);

    public Task<bool> CompleteAsync(EventClaim claim, EventDelivery attempted, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            """
            UPDATE event_deliveries SET outcome = $outcome, attempts = $attempts, next_attempt_on = $next, last_attempt_on = $last,
                last_status = $status, last_error = $error, claim_id = NULL, claimed_until = NULL
            WHERE id = $id AND claim_id = $claim
            """,
            transaction, cancellationToken,
            ("$outcome", (int)attempted.Outcome), ("$attempts", attempted.Attempts), ("$next", attempted.NextAttemptOn.Unix()),
            ("$last", attempted.LastAttemptOn.Unix()), ("$status", attempted.LastStatus), ("$error", attempted.LastError),
            ("$id", claim.Delivery.Id), ("$claim", claim.ClaimId)) == 1, cancellationToken);

    public Task<int> ForgetFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "DELETE FROM event_deliveries WHERE outcome <> 0 AND last_attempt_on < $before",
            transaction, cancellationToken, ("$before", before.Unix())), cancellationToken);

    /// <summary>Queues <paramref name="raised"/> for the subscriptions that take it, in the caller's transaction.</summary>
    internal static Task<int> QueueAsync(SqliteConnection connection, SqliteTransaction transaction, VaultEvent raised, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            INSERT INTO event_deliveries (subscription_id, event_id, event_type, vault, object_name, version, nbf, exp, event_time,
                outcome, attempts, next_attempt_on)
            SELECT id, $id, $type, $vaultName, $name, $version, $nbf, $exp, $time, 0, 0, $time FROM event_subscriptions
            WHERE vault = $vault AND (type_mask & $bit) <> 0
            """,
            transaction, cancellationToken,
            ("$id", raised.Id), ("$type", (int)raised.Type), ("$vaultName", raised.Vault), ("$name", raised.ObjectName), ("$version", raised.Version),
            ("$nbf", raised.NotBefore.Unix()), ("$exp", raised.Expires.Unix()), ("$time", raised.Time.Unix()),
            ("$vault", SqliteObjectStore.VaultKey(raised.Vault)), ("$bit", raised.Type.Bit()));

    private static string NameKey(string name) => name.ToLowerInvariant();

    private static EventSubscription ReadSubscription(SqliteDataReader r, int c) => new(
        r.GetString(c), r.GetString(c + 1), new Uri(r.GetString(c + 2)), r.GetInt32(c + 3), (EventSchema)r.GetInt32(c + 4),
        r.IsDBNull(c + 5) ? null : (byte[])r.GetValue(c + 5), SqliteCommands.FromUnix(r.GetInt64(c + 6)));

    private static EventDelivery ReadDelivery(SqliteDataReader r) => new(
        r.GetInt64(0),
        new VaultEvent(r.GetString(1), (VaultEventType)r.GetInt32(2), r.GetString(3), r.NullableString(4), r.NullableString(5),
            SqliteCommands.FromUnix(r.NullableInt64(6)), SqliteCommands.FromUnix(r.NullableInt64(7)), SqliteCommands.FromUnix(r.GetInt64(8))),
        r.GetString(9), (DeliveryOutcome)r.GetInt32(10), r.GetInt32(11), SqliteCommands.FromUnix(r.GetInt64(12)),
        SqliteCommands.FromUnix(r.NullableInt64(13)), (int?)r.NullableInt64(14), r.NullableString(15));
}
