using Coffer.Core;
using Coffer.Core.Events;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>
/// Event subscriptions and the delivery outbox. A claim takes due rows with <c>FOR UPDATE SKIP LOCKED</c> and marks them
/// in the same statement, so nodes claiming at once each get different deliveries, never the same one.
/// </summary>
internal sealed class PostgresEventStore(PostgresDatabase database) : IEventStore
{
    private const string SubscriptionColumns = "s.vault, s.name, s.endpoint, s.type_mask, s.schema, s.secret, s.created_on";

    private const string DeliveryColumns =
        "d.id, d.event_id, d.event_type, d.vault, d.object_name, d.version, d.nbf, d.exp, d.event_time, s.name, d.outcome, d.attempts, " +
        "d.next_attempt_on, d.last_attempt_on, d.last_status, d.last_error";

    public Task<bool> SetSubscriptionAsync(EventSubscription subscription, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            """
            INSERT INTO event_subscriptions (vault, name_key, name, endpoint, type_mask, schema, secret, created_on)
            SELECT $1, $2, $3, $4, $5, $6, $7::bytea, $8 FROM vaults WHERE name = $1
            ON CONFLICT (vault, name_key) DO UPDATE SET name = excluded.name, endpoint = excluded.endpoint,
                type_mask = excluded.type_mask, schema = excluded.schema, secret = excluded.secret
            """,
            transaction, cancellationToken,
            PostgresObjectStore.VaultKey(subscription.Vault), NameKey(subscription.Name), subscription.Name, subscription.Endpoint.AbsoluteUri,
            subscription.TypeMask, (int)subscription.Schema, subscription.SealedSecret, subscription.CreatedOn.WholeSeconds()) == 1, cancellationToken);

    public Task<EventSubscription?> GetSubscriptionAsync(string vault, string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {SubscriptionColumns} FROM event_subscriptions s WHERE s.vault = $1 AND s.name_key = $2",
                null, r => ReadSubscription(r, 0), cancellationToken, PostgresObjectStore.VaultKey(vault), NameKey(name));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<EventSubscription>> ListSubscriptionsAsync(string vault, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<EventSubscription>>(async connection => await connection.QueryAsync(
            $"SELECT {SubscriptionColumns} FROM event_subscriptions s WHERE s.vault = $1 ORDER BY s.name_key",
            null, r => ReadSubscription(r, 0), cancellationToken, PostgresObjectStore.VaultKey(vault)), cancellationToken);

    public Task<bool> DeleteSubscriptionAsync(string vault, string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            "DELETE FROM event_subscriptions WHERE vault = $1 AND name_key = $2", transaction, cancellationToken,
            PostgresObjectStore.VaultKey(vault), NameKey(name)) == 1, cancellationToken);

    public Task<IReadOnlyList<EventDelivery>> ListDeliveriesAsync(string vault, string name, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<EventDelivery>>(async connection => await connection.QueryAsync(
            $"""
            SELECT {DeliveryColumns} FROM event_deliveries d JOIN event_subscriptions s ON s.id = d.subscription_id
            WHERE s.vault = $1 AND s.name_key = $2 ORDER BY d.id DESC LIMIT $3
            """,
            null, ReadDelivery, cancellationToken, PostgresObjectStore.VaultKey(vault), NameKey(name), (long)limit), cancellationToken);

    public Task<bool> RaiseAsync(VaultEvent raised, bool once, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (once && await connection.ExecuteAsync(
                    "INSERT INTO event_once (vault, version, event_type) SELECT $1, $2, $3 FROM vaults WHERE name = $1 ON CONFLICT DO NOTHING",
                    transaction, cancellationToken, PostgresObjectStore.VaultKey(raised.Vault), raised.Version ?? "", (int)raised.Type) == 0)
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
                EXISTS (SELECT 1 FROM event_once e WHERE e.vault = o.vault AND e.version = v.version AND e.event_type IN ($4, $5, $6))
            FROM objects o
            JOIN versions v ON v.seq = (SELECT MAX(seq) FROM versions WHERE object_id = o.id)
            WHERE o.deleted_on IS NULL AND v.exp IS NOT NULL
              AND o.vault IN (SELECT vault FROM event_subscriptions)
              AND NOT EXISTS (SELECT 1 FROM event_once e WHERE e.vault = o.vault AND e.version = v.version AND e.event_type IN ($1, $2, $3))
            ORDER BY o.id
            """,
            null,
            r => new ExpiryCandidate(new ObjectRef(r.GetString(0), (ObjectKind)r.GetInt32(1), r.GetString(2)), r.GetString(3),
                r.NullableTime(4), r.Time(5), r.NullableString(6), r.GetBoolean(7)),
            cancellationToken, (int)VaultEventType.KeyExpired, (int)VaultEventType.SecretExpired, (int)VaultEventType.CertificateExpired,
            (int)VaultEventType.KeyNearExpiry, (int)VaultEventType.SecretNearExpiry, (int)VaultEventType.CertificateNearExpiry),
            cancellationToken);

    public Task<IReadOnlyList<EventClaim>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<EventClaim>>(async (connection, transaction) =>
        {
            var claimId = Guid.NewGuid().ToString("N");
            await connection.ExecuteAsync(
                """
                UPDATE event_deliveries SET claim_id = $1, claimed_until = $2
                WHERE id IN (SELECT id FROM event_deliveries
                             WHERE outcome = 0 AND next_attempt_on <= $3 AND (claimed_until IS NULL OR claimed_until <= $3)
                             ORDER BY next_attempt_on, id LIMIT $4 FOR UPDATE SKIP LOCKED)
                """,
                transaction, cancellationToken, claimId, (now + lease).WholeSeconds(), now.WholeSeconds(), (long)limit);
            return await connection.QueryAsync(
                $"""
                SELECT {DeliveryColumns}, {SubscriptionColumns} FROM event_deliveries d JOIN event_subscriptions s ON s.id = d.subscription_id
                WHERE d.claim_id = $1 ORDER BY d.id
                """,
                transaction, r => new EventClaim(ReadDelivery(r), ReadSubscription(r, 16), claimId), cancellationToken, claimId);
        }, cancellationToken);

    public Task<bool> CompleteAsync(EventClaim claim, EventDelivery attempted, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(
            """
            UPDATE event_deliveries SET outcome = $1, attempts = $2, next_attempt_on = $3, last_attempt_on = $4::timestamptz,
                last_status = $5::integer, last_error = $6::text, claim_id = NULL, claimed_until = NULL
            WHERE id = $7 AND claim_id = $8
            """,
            transaction, cancellationToken,
            (int)attempted.Outcome, attempted.Attempts, attempted.NextAttemptOn.WholeSeconds(), attempted.LastAttemptOn.WholeSeconds(),
            attempted.LastStatus, attempted.LastError, claim.Delivery.Id, claim.ClaimId) == 1, cancellationToken);

    public Task<int> ForgetFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "DELETE FROM event_deliveries WHERE outcome <> 0 AND last_attempt_on < $1",
            transaction, cancellationToken, before.WholeSeconds()), cancellationToken);

    /// <summary>Queues <paramref name="raised"/> for the subscriptions that take it, in the caller's transaction.</summary>
    internal static Task<int> QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, VaultEvent raised, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            """
            INSERT INTO event_deliveries (subscription_id, event_id, event_type, vault, object_name, version, nbf, exp, event_time,
                outcome, attempts, next_attempt_on)
            SELECT id, $1, $2, $3, $4::text, $5::text, $6::timestamptz, $7::timestamptz, $8, 0, 0, $8 FROM event_subscriptions
            WHERE vault = $9 AND (type_mask & $10) <> 0
            """,
            transaction, cancellationToken,
            raised.Id, (int)raised.Type, raised.Vault, raised.ObjectName, raised.Version, raised.NotBefore.WholeSeconds(), raised.Expires.WholeSeconds(),
            raised.Time.WholeSeconds(), PostgresObjectStore.VaultKey(raised.Vault), raised.Type.Bit());

    private static string NameKey(string name) => name.ToLowerInvariant();

    private static EventSubscription ReadSubscription(NpgsqlDataReader r, int c) => new(
        r.GetString(c), r.GetString(c + 1), new Uri(r.GetString(c + 2)), r.GetInt32(c + 3), (EventSchema)r.GetInt32(c + 4),
        r.IsDBNull(c + 5) ? null : r.GetFieldValue<byte[]>(c + 5), r.Time(c + 6));

    private static EventDelivery ReadDelivery(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        new VaultEvent(r.GetString(1), (VaultEventType)r.GetInt32(2), r.GetString(3), r.NullableString(4), r.NullableString(5),
            r.NullableTime(6), r.NullableTime(7), r.Time(8)),
        r.GetString(9), (DeliveryOutcome)r.GetInt32(10), r.GetInt32(11), r.Time(12), r.NullableTime(13),
        r.IsDBNull(14) ? null : r.GetInt32(14), r.NullableString(15));
}
