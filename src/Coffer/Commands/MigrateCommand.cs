using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Coffer.Core.Storage;
using Coffer.Core.Storage.Transfer;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer migrate --from DATA-DIR --to CONNECTION-STRING</c>: copies a SQLite deployment's <c>coffer.db</c> into an empty
/// PostgreSQL database in one transaction (<see cref="IStorageTransfer"/>), then compares both databases table by table.
/// Sealed values are copied sealed: the root key stays in the data directory and opens the copy.
/// </summary>
internal static class MigrateCommand
{
    private static readonly string[] Headings = ["table", "source", "target", "source SHA-256", "target SHA-256", "result"];

    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = "Data directory of the deployment to move: its coffer.db (SQLite) is copied; root.key and tls/ stay there.",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "Connection string of an empty PostgreSQL database, as coffer serve --database takes it.",
            Required = true,
        };
        var command = new Command("migrate", "Copy a SQLite deployment into an empty PostgreSQL database, then compare the two table by table.") { from, to };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(
            () => RunAsync(Path.GetFullPath(result.GetValue(from)!), result.GetValue(to)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string dataDirectory, string connectionString, CancellationToken cancellationToken)
    {
        var source = new CofferOptions { DataDirectory = dataDirectory };
        var target = new CofferOptions { DataDirectory = dataDirectory, Database = connectionString };
        if (!File.Exists(source.DatabasePath))
        {
            throw new CliInputException($"No Coffer database at {source.DatabasePath}: --from names the data directory of a Coffer that ran on SQLite.");
        }

        try
        {
            _ = new ServiceCollection().AddCofferStorage(target); // a connection string the provider refuses is bad input, before anything opens
        }
        catch (InvalidOperationException e)
        {
            throw new CliInputException(e.Message.Replace("--database", "--to", StringComparison.Ordinal));
        }

        try
        {
            await using var from = await StorageSelection.OpenAsync(source, cancellationToken);
            await using var into = await StorageSelection.OpenAsync(target, cancellationToken);
            if (await from.Audit.AnchorAsync(cancellationToken) is { } anchor)
            {
                // The copy would hold the entries after the anchor but not the anchor itself, so its chain would not verify.
                throw new CliInputException(
                    $"The audit log of {source.DatabasePath} was pruned (it starts after entry {anchor.Sequence}), and coffer migrate does not carry the prune anchor: nothing was copied.");
            }

            Console.WriteLine($"Copying {source.DatabasePath} into {WithoutPassword(connectionString)}.");

            var clock = Stopwatch.StartNew();
            long copied;
            try
            {
                copied = await CopyAsync(from.Transfer, into.Transfer, cancellationToken);
            }
            catch (StorageNotEmptyException e)
            {
                throw new CliInputException(
                    $"{e.Message} coffer migrate copies only into an empty database, and copied nothing. If an earlier migrate finished, " +
                    "the data is there already (run coffer serve --database on it); otherwise drop and recreate the database, then run coffer migrate again.");
            }

            var copyTime = clock.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Copied {copied} rows in {copyTime.TotalSeconds:F1} s, in one transaction. Comparing both databases…"));
            var comparison = await StorageComparison.CompareAsync(from.Transfer, into.Transfer, cancellationToken);
            Print(comparison);
            if (!comparison.Equal)
            {
                await Console.Error.WriteLineAsync(
                    $"error: the target differs from the source in {string.Join(", ", comparison.Lines.Where(l => !l.Equal).Select(l => l.What.Trim()))}. " +
                    $"Was a server still running on {dataDirectory}? Stop it, drop and recreate the database, and run coffer migrate again.");
                return ExitCodes.Other;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Every table matches, row for row ({clock.Elapsed.TotalSeconds:F1} s in all)."));
            PrintNextSteps(source);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException) // unreachable, or a schema newer than this Coffer
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Other;
        }
    }

    /// <summary>Streams the source's rows into the target, showing which table is being copied and, after each, how many rows it had.</summary>
    private static async Task<long> CopyAsync(IStorageTransfer from, IStorageTransfer into, CancellationToken cancellationToken)
    {
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await AnsiConsole.Status().StartAsync("Checking that the target is empty…", context =>
                into.ImportAsync(Watched(from.ExportAsync(cancellationToken), (table, rows, done) =>
                {
                    if (done)
                    {
                        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"copied {rows} {table.Label()}"));
                    }
                    else
                    {
                        context.Status(string.Create(CultureInfo.InvariantCulture, $"Copying {table.Label()}: {rows}…"));
                    }
                }, cancellationToken), cancellationToken));
        }

        return await into.ImportAsync(Watched(from.ExportAsync(cancellationToken), (table, rows, done) =>
        {
            if (done)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"copied {rows} {table.Label()}"));
            }
        }, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The rows, reporting (table, its rows so far, false) at a table's first row and every 10 000 rows, and (table, its rows,
    /// true) once its last row has passed.
    /// </summary>
    private static async IAsyncEnumerable<StorageRow> Watched(IAsyncEnumerable<StorageRow> rows, Action<StorageTable, long, bool> progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StorageTable? table = null;
        var count = 0L;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (row.Table != table)
            {
                if (table is { } finished)
                {
                    progress(finished, count, true);
                }

                (table, count) = (row.Table, 0);
            }

            if (++count == 1 || count % 10_000 == 0)
            {
                progress(row.Table, count, false);
            }

            yield return row;
        }

        if (table is { } last)
        {
            progress(last, count, true);
        }
    }

    private static void Print(StorageComparison comparison)
    {
        static string Result(StorageComparisonLine line) => line.Equal ? "equal" : "DIFFERS";
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var table = new Table().AddColumns([.. Headings.Select(heading => new TableColumn(heading).NoWrap())]);
            foreach (var line in comparison.Lines)
            {
                table.AddRow(Markup.Escape(line.What), Count(line.SourceRows), Count(line.TargetRows), line.SourceDigest[..16], line.TargetDigest[..16],
                    line.Equal ? "[green]equal[/]" : "[red]DIFFERS[/]");
            }

            AnsiConsole.Write(table);
            return;
        }

        Console.WriteLine($"{"table",-26} {"source",8} {"target",8}  {"source SHA-256",-16}  {"target SHA-256",-16}  result");
        foreach (var line in comparison.Lines)
        {
            Console.WriteLine($"{line.What,-26} {Count(line.SourceRows),8} {Count(line.TargetRows),8}  {line.SourceDigest[..16]}  {line.TargetDigest[..16]}  {Result(line)}");
        }
    }

    private static void PrintNextSteps(CofferOptions source)
    {
        Console.WriteLine(
            $"""
            The root key is not copied, and need not be: values are copied sealed, so the same root key opens them.
            It stays in {source.RootKeyPath} (or COFFER_ROOT_KEY), with tls/. Start Coffer on the database with this data directory:
              coffer serve --data-dir {source.DataDirectory} --database "<the connection string>"
            and give every other node that root key and tls/. {source.DatabasePath} is left as it was; keep it until the new setup serves.
            """);
        if (!File.Exists(source.RootKeyPath) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("COFFER_ROOT_KEY")))
        {
            Console.Error.WriteLine(
                $"warning: {source.RootKeyPath} is missing and COFFER_ROOT_KEY is not set: the copy opens only with the root key this deployment ran with.");
        }
    }

    private static string Count(long rows) => rows.ToString(CultureInfo.InvariantCulture);

    /// <summary>The connection string to show: every keyword but the password.</summary>
    private static string WithoutPassword(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var key in builder.Keys.Cast<string>().Where(k => k.Equals("password", StringComparison.OrdinalIgnoreCase) || k.Equals("pwd", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            builder.Remove(key);
        }

        return builder.ConnectionString;
    }
}
