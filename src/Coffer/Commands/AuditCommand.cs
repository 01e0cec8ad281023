using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Coffer.Core.Audit;
using Coffer.Core.Crypto;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer audit verify|tail</c>: offline, on a data directory or a database (a running server may keep writing).
/// verify needs the root key (the file or <c>COFFER_ROOT_KEY</c>), since the chain is keyed by it.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        dataDir.Recursive = true;
        var database = CommonOptions.Database();
        database.Recursive = true;

        var verify = new Command("verify", $"Check the audit log's hash chain. Exit 0 when intact, {ExitCodes.AuditChainBroken} at the first edited, inserted or missing entry.");
        verify.SetAction((result, cancellationToken) => WithStoreAsync(result, dataDir, database, async (store, options) =>
        {
            var rootKey = options.RootKey is { Length: > 0 } configured ? RootKey.FromBase64(configured)
                : File.Exists(options.RootKeyPath) ? RootKey.FromBase64(await File.ReadAllTextAsync(options.RootKeyPath, cancellationToken))
                : throw new FileNotFoundException($"No root key: {options.RootKeyPath} is missing and COFFER_ROOT_KEY is not set.");
            using var chain = AuditChain.For(rootKey);
            var outcome = await new AuditVerifier(store, chain).VerifyAsync(cancellationToken);
            if (outcome.FirstBroken is { } broken)
            {
                await Console.Error.WriteLineAsync(
                    $"Audit log BROKEN at entry {broken}: it was edited, inserted or removed ({outcome.Intact} entries before it are intact).");
                return ExitCodes.AuditChainBroken;
            }

            Console.WriteLine(outcome.LastIntact is { } last
                ? $"Audit log intact: {outcome.Intact} entries, last {last.Sequence} at {last.Entry.Time:O}, hash {Convert.ToHexStringLower(last.Hash)}."
                : "Audit log intact: no entries.");
            return 0;
        }));

        var count = new Option<int>("-n", "--lines") { Description = "How many of the newest entries.", DefaultValueFactory = _ => 20 };
        var output = new Option<string>("--output") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var tail = new Command("tail", "Show the newest audit entries, oldest first.") { count, output };
        tail.SetAction((result, cancellationToken) => WithStoreAsync(result, dataDir, database, async (store, _) =>
        {
            var records = await store.TailAsync(Math.Max(1, result.GetValue(count)), cancellationToken);
            if (result.GetValue(output) == "json")
            {
                WriteJson(records);
            }
            else
            {
                foreach (var record in records)
                {
                    Console.WriteLine(Line(record));
                }
            }

            return 0;
        }));

        return new Command("audit", "Inspect the audit log of a data directory or database.") { dataDir, database, verify, tail };
    }

    private static async Task<int> WithStoreAsync(ParseResult result, Option<string> dataDir, Option<string?> database, Func<IAuditStore, CofferOptions, Task<int>> work)
    {
        var options = new CofferOptions
        {
            DataDirectory = Path.GetFullPath(result.GetValue(dataDir)!),
            Database = CommonOptions.DatabaseOf(result, database),
            RootKey = Environment.GetEnvironmentVariable("COFFER_ROOT_KEY"),
        };
        if (!StorageSelection.Exists(options))
        {
            await Console.Error.WriteLineAsync($"No Coffer database at {options.DatabasePath}.");
            return ExitCodes.NotFound;
        }

        try
        {
            await using var storage = await StorageSelection.OpenAsync(options, CancellationToken.None);
            return await work(storage.Audit, options);
        }
        catch (InvalidOperationException e) when (StorageSelection.IsInvalidOptions(e))
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or FormatException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.Other;
        }
    }

    private static string Line(AuditRecord record)
    {
        var e = record.Entry;
        var target = string.Join('/', new[] { e.ObjectKind, e.ObjectName, e.ObjectVersion }.Where(s => s is not null));
        return string.Create(CultureInfo.InvariantCulture,
            $"{record.Sequence,8} {e.Time:yyyy-MM-ddTHH:mm:ss.fffZ} {e.Status?.ToString(CultureInfo.InvariantCulture) ?? "begin",5} {e.Operation,-24} {e.Vault ?? "-",-16} {target} by {e.ObjectId ?? "anonymous"}{(e.Issuer is null ? "" : " of " + e.Issuer)}{(e.ApplicationId is null ? "" : " app " + e.ApplicationId)} from {e.ClientIp ?? "-"} request {e.RequestId} correlation {e.CorrelationId}");
    }

    private static void WriteJson(IReadOnlyList<AuditRecord> records)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var record in records)
            {
                var e = record.Entry;
                json.WriteStartObject();
                json.WriteNumber("sequence", record.Sequence);
                json.WriteString("time", e.Time);
                json.WriteString("objectId", e.ObjectId);
                json.WriteString("applicationId", e.ApplicationId);
                json.WriteString("tenantId", e.TenantId);
                if (e.Issuer is not null)
                {
                    json.WriteString("issuer", e.Issuer);
                }

                json.WriteString("vault", e.Vault);
                json.WriteString("operation", e.Operation);
                json.WriteString("objectKind", e.ObjectKind);
                json.WriteString("objectName", e.ObjectName);
                json.WriteString("objectVersion", e.ObjectVersion);
                if (e.Status is { } status)
                {
                    json.WriteNumber("status", status);
                }
                else
                {
                    json.WriteNull("status");
                }

                json.WriteString("requestId", e.RequestId);
                json.WriteString("correlationId", e.CorrelationId);
                json.WriteString("clientIp", e.ClientIp);
                json.WriteString("hash", Convert.ToHexStringLower(record.Hash));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        stdout.WriteByte((byte)'\n');
    }
}
