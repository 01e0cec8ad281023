using Coffer.Core.Auth;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

internal sealed class PostgresClientStore(PostgresDatabase database) : IClientStore
{
    private const string Columns = "client_id, object_id, tenant_id, display_name, secret_hash, is_admin, created_on";

    public Task<bool> CreateAsync(ClientRegistration client, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                $"INSERT INTO clients ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (client_id) DO NOTHING",
                transaction, cancellationToken,
                client.ClientId, client.ObjectId, client.TenantId, client.DisplayName, client.SecretHash, client.IsAdmin, client.CreatedOn.WholeSeconds()) == 1,
            cancellationToken);

    public Task<ClientRegistration?> FindAsync(string clientId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {Columns} FROM clients WHERE client_id = $1", null, Read, cancellationToken, clientId);
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<ClientRegistration>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ClientRegistration>>(
            async connection => await connection.QueryAsync($"SELECT {Columns} FROM clients ORDER BY created_on, client_id", null, Read, cancellationToken),
            cancellationToken);

    public Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync("DELETE FROM clients WHERE client_id = $1", transaction, cancellationToken, clientId) == 1,
            cancellationToken);

    private static ClientRegistration Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetString(4), reader.GetBoolean(5), reader.Time(6));
}
