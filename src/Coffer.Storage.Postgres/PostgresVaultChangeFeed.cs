using Coffer.Core.Management;
using Npgsql;

namespace Coffer.Storage.Postgres;

/// <summary>
/// Vault changes through PostgreSQL's LISTEN/NOTIFY: every transaction that changes a vault, its mode, policies or role
/// assignments sends <see cref="Channel"/> with the vault's key (<see cref="NotifyAsync"/>), delivered to every listening
/// node when — and only if — it commits. Each node listens on one connection of its own.
/// </summary>
internal sealed class PostgresVaultChangeFeed(PostgresDatabase database) : IVaultChangeFeed
{
    public const string Channel = "coffer_vault_changes";

    public async Task ListenAsync(IVaultChangeObserver observer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, e) => observer.VaultChanged(e.Payload);
        await connection.ExecuteAsync($"LISTEN {Channel}", null, cancellationToken);
        observer.AllVaultsChanged(); // what changed before this connection listened was not heard
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Announces, in the caller's transaction, that the vault with <paramref name="vaultKey"/> changed.</summary>
    public static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string vaultKey, CancellationToken cancellationToken) =>
        connection.ExecuteAsync($"SELECT pg_notify('{Channel}', $1)", transaction, cancellationToken, vaultKey);
}
