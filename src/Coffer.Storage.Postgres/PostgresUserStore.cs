using Coffer.Core.Auth;
using Coffer.Core.Storage;
using Npgsql;

namespace Coffer.Storage.Postgres;

internal sealed class PostgresUserStore(PostgresDatabase database) : IUserStore
{
    private const string Columns = "user_name, object_id, tenant_id, display_name, password_hash, is_admin, created_on";

    public Task<bool> CreateAsync(UserAccount user, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                $"INSERT INTO users ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                transaction, cancellationToken,
                user.UserName, user.ObjectId, user.TenantId, user.DisplayName, user.PasswordHash, user.IsAdmin, user.CreatedOn.WholeSeconds()) == 1,
            cancellationToken);

    public Task<UserAccount?> FindAsync(string userName, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {Columns} FROM users WHERE user_name = $1", null, Read, cancellationToken, userName);
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<UserAccount>>(
            async connection => await connection.QueryAsync($"SELECT {Columns} FROM users ORDER BY created_on, user_name", null, Read, cancellationToken),
            cancellationToken);

    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync("DELETE FROM users WHERE user_name = $1", transaction, cancellationToken, userName) == 1,
            cancellationToken);

    private static UserAccount Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetString(4), reader.GetBoolean(5), reader.Time(6));
}
