using Coffer.Core.Auth;
using Coffer.Core.Storage;

namespace Coffer.Storage.Sqlite;

public sealed class SqliteClientStore(SqliteDatabase database) : IClientStore
{
    public Task<bool> CreateAsync(ClientRegistration client, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                """
                INSERT INTO clients (client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on)
                VALUES ($clientId, $objectId, $tenantId, $displayName, $secretHash, $isAdmin, $created)
                ON CONFLICT (client_id) DO NOTHING
                """,
                transaction, cancellationToken,
                ("$clientId", client.ClientId), ("$objectId", client.ObjectId), ("$tenantId", client.TenantId),
                ("$displayName", client.DisplayName), ("$secretHash", client.SecretHash), ("$isAdmin", client.IsAdmin),
                ("$created", client.CreatedOn.Unix())) == 1,
            cancellationToken);

    public Task<ClientRegistration?> FindAsync(string clientId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync(
                "SELECT client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on FROM clients WHERE client_id = $clientId",
                null,
                reader => new ClientRegistration(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetBoolean(5), SqliteCommands.FromUnix(reader.GetInt64(6))),
                cancellationToken, ("$clientId", clientId));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);
}
