using Coffer.Core;
using Coffer.Core.Management;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>
/// Vault and key changes through PostgreSQL's LISTEN/NOTIFY: every transaction that changes a vault, its mode, policies or
/// role assignments sends <see cref="Channel"/> with the vault's key (<see cref="NotifyAsync"/>); every transaction that
/// writes a key object (a version added or updated, a delete, recover, purge or restore) sends <see cref="KeyChannel"/>
/// with <c>{vault}/{name}</c> (<see cref="NotifyKeysAsync"/>). Both are delivered to every listening node when — and only
/// if — the transaction commits. Each node listens on one connection of its own.
/// </summary>
internal sealed class PostgresVaultChangeFeed(PostgresDatabase database) : IVaultChangeFeed
{
    public const string Channel = "coffer_vault_changes";
    public const string KeyChannel = "coffer_key_changes";

    public async Task ListenAsync(IVaultChangeObserver observer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, e) => Dispatch(observer, e.Channel, e.Payload);
        await connection.ExecuteAsync($"LISTEN {Channel}", null, cancellationToken);
        await connection.ExecuteAsync($"LISTEN {KeyChannel}", null, cancellationToken);
        observer.AllVaultsChanged(); // what changed before this connection listened was not heard
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Announces, in the caller's transaction, that the vault with <paramref name="vaultKey"/> changed.</summary>
    public static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string vaultKey, CancellationToken cancellationToken) =>
        connection.ExecuteAsync($"SELECT pg_notify('{Channel}', $1)", transaction, cancellationToken, vaultKey);

    /// <summary>Announces, in the caller's transaction, that the keys among <paramref name="objects"/> changed; nothing for other kinds.</summary>
    public static async Task NotifyKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<ObjectRef> objects, CancellationToken cancellationToken)
    {
        var keys = objects.Where(o => o.Kind == ObjectKind.Key)
            .Select(o => $"{PostgresObjectStore.VaultKey(o.Vault)}/{ObjectName.Normalize(o.Name)}")
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (keys.Length > 0)
        {
            await connection.ExecuteAsync($"SELECT pg_notify('{KeyChannel}', k) FROM unnest($1::text[]) AS k", transaction, cancellationToken, [keys]);
        }
    }

    private static void Dispatch(IVaultChangeObserver observer, string channel, string payload)
    {
        if (channel != KeyChannel)
        {
            observer.VaultChanged(payload);
        }
        else if (payload.Split('/') is [var vault, var name])
        {
            observer.KeyChanged(vault, name);
        }
    }
}
