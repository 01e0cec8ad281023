using Coffer.Core.Auth;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

public sealed class SqliteUserStore(SqliteDatabase database) : IUserStore
{
    private const string Columns = "user_name, object_id, tenant_id, display_name, password_hash, is_admin, created_on";

    public Task<bool> CreateAsync(UserAccount user, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync(
                $"""
                INSERT INTO users ({Columns})
                VALUES ($userName, $objectId, $tenantId, $displayName, $passwordHash, $isAdmin, $created)
                ON CONFLICT DO NOTHING
                """,
                transaction, cancellationToken,
                ("$userName", user.UserName), ("$objectId", user.ObjectId), ("$tenantId", user.TenantId),
                ("$displayName", user.DisplayName), ("$passwordHash", user.PasswordHash), ("$isAdmin", user.IsAdmin),
                ("$created", user.CreatedOn.Unix())) == 1,
            cancellationToken);

    public Task<UserAccount?> FindAsync(string userName, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync($"SELECT {Columns} FROM users WHERE user_name = $userName", null, Read,
                cancellationToken, ("$userName", userName));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<UserAccount>>(
            async connection => await connection.QueryAsync($"SELECT {Columns} FROM users ORDER BY created_on, user_name", null, Read, cancellationToken),
            cancellationToken);

    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync("DELETE FROM users WHERE user_name = $userName", transaction, cancellationToken, ("$userName", userName)) == 1,
            cancellationToken);

    private static UserAccount Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetString(4), reader.GetBoolean(5), SqliteCommands.FromUnix(reader.GetInt64(6)));
}
