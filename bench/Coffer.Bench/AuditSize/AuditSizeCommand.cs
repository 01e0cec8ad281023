using System.CommandLine;
using System.Globalization;
using Coffer.Bench.Load;
using Coffer.Core.Audit;
using Coffer.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Coffer.Bench.AuditSize;

/// <summary>
/// <c>audit-size</c>: what the audit log costs on disk per million requests, measured. A Coffer on SQLite and one on
/// PostgreSQL each answer the same requests (secret gets, each one entry, and sets, each two: the attempt and the
/// outcome) through the REST API; then the audit table's own size is read from the database (SQLite: its pages in
/// a compacted copy with and without the table; PostgreSQL: <c>pg_total_relation_size</c>, table, index and TOAST) and divided by its entries.
/// </summary>
internal static class AuditSizeCommand
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Requests per provider (nine gets to one set).", DefaultValueFactory = _ => 50_000 };
        var command = new Command("audit-size", "Bytes per audit entry and per million requests on SQLite and PostgreSQL.") { requests };
        command.SetAction(async (result, cancellationToken) =>
        {
            var count = result.GetValue(requests);
            var cluster = new PostgresCluster();
            await cluster.InitializeAsync();
            try
            {
                await Console.Out.WriteLineAsync($"Audit log size, {count} requests per provider (9 secret gets : 1 set); {RunEnvironment.Machine(RunEnvironment.Configuration())}");
                await Console.Out.WriteLineAsync("| provider | requests | entries | table bytes | bytes/entry | bytes/request | MB per million requests |");
                await Console.Out.WriteLineAsync("| --- | --- | --- | --- | --- | --- | --- |");
                await MeasureAsync("SQLite", null, count, cancellationToken);
                await MeasureAsync("PostgreSQL", await cluster.CreateDatabaseAsync(), count, cancellationToken);
                return 0;
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        });
        return command;
    }

    private static async Task MeasureAsync(string provider, string? database, int requests, CancellationToken cancellationToken)
    {
        await using var coffer = await InProcessCoffer.StartAsync(null, database, cancellationToken);
        var store = coffer.Services.GetRequiredService<IAuditStore>();
        var before = (await store.LastAsync(cancellationToken))?.Sequence ?? 0;
        const int Clients = 8;
        using var clients = new SecretHttpClients(coffer.Server.Authority.Certificate, coffer.DefaultVaultUrl, Clients, await coffer.GetTokenAsync(cancellationToken));
        await clients.SetAsync(0, "audited", "value", cancellationToken);
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i <= requests - 1; i = Interlocked.Increment(ref next))
            {
                await (i % 10 == 0 ? clients.SetAsync(client, "audited", "value-" + i, cancellationToken) : clients.GetAsync(client, "audited", cancellationToken));
            }
        }, cancellationToken)));

        var entries = await WaitForEntriesAsync(store, before, requests, cancellationToken);
        var bytes = database is null ? await SqliteBytesAsync(coffer.Options.DatabasePath) : await PostgresBytesAsync(database);
        var perEntry = (double)bytes / entries;
        var perRequest = (double)bytes / requests;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"| {provider} | {requests} | {entries} | {bytes} | {perEntry:0} | {perRequest:0} | {perRequest:0} |"));
    }

    /// <summary>Every request's entries stored (reads are written in the background); the log's entry count.</summary>
    private static async Task<long> WaitForEntriesAsync(IAuditStore store, long before, int requests, CancellationToken cancellationToken)
    {
        var expected = before + requests + (requests / 10); // a set adds its attempt
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100, cancellationToken))
        {
            var last = (await store.LastAsync(cancellationToken))?.Sequence ?? 0;
            if (last >= expected || DateTime.UtcNow > deadline)
            {
                return last;
            }
        }
    }

    /// <summary>
    /// The file a compacted copy of the database takes, less the one it takes without the audit table (this SQLite has no
    /// <c>dbstat</c>): the table's pages, as a file holds them.
    /// </summary>
    private static async Task<long> SqliteBytesAsync(string path)
    {
        var whole = path + ".whole";
        var without = path + ".without-audit";
        await ExecuteAsync(path, $"VACUUM INTO '{whole}'");
        await ExecuteAsync(path, $"VACUUM INTO '{without}'");
        await ExecuteAsync(without, "DROP TABLE audit_log; VACUUM;");
        return new FileInfo(whole).Length - new FileInfo(without).Length;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> PostgresBytesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE audit_log", connection))
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("SELECT pg_total_relation_size('audit_log')", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
