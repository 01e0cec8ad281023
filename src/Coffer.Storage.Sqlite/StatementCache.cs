using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Sqlite;

/// <summary>
/// The prepared commands of one long-lived connection, by SQL text. Microsoft.Data.Sqlite prepares a
/// command's statements on its first run and keeps them while the command lives, but not across commands
/// (dotnet/efcore#14044), and parsing and planning were most of SQLite's time per request (perf: 70 % of
/// it on a secret get). A command is taken out while it runs, so the same SQL nested inside itself gets
/// a fresh one, and is put back after; a command that failed is disposed instead.
/// </summary>
internal sealed class StatementCache
{
    // Distinct SQL texts per connection; past this, commands are prepared per use as before (texts built with a variable count of parameters).
    private const int Capacity = 256;

    private static readonly ConditionalWeakTable<SqliteConnection, StatementCache> Caches = [];

    private readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);
    private int _created;

    private StatementCache()
    {
    }

    /// <summary>Gives <paramref name="connection"/>, which its owner keeps open, a cache.</summary>
    public static void Attach(SqliteConnection connection) => Caches.Add(connection, new StatementCache());

    public static StatementCache? Of(SqliteConnection connection) => Caches.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>An idle prepared command for <paramref name="sql"/>, or a new one that <see cref="Return"/> will keep; null when the cache is full.</summary>
    public SqliteCommand? Take(SqliteConnection connection, string sql)
    {
        if (_idle.Remove(sql, out var command))
        {
            return command;
        }

        if (_created >= Capacity)
        {
            return null;
        }

        _created++;
        command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Keeps <paramref name="command"/> for the next use of its SQL; false (the caller disposes it) if one is kept already.</summary>
    public bool Return(SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        if (_idle.TryAdd(command.CommandText, command))
        {
            return true;
        }

        _created--;
        return false;
    }

    /// <summary>Forgets a command taken and not returned (it failed and is disposed), so its place can be prepared anew.</summary>
    public void Drop() => _created--;
}
