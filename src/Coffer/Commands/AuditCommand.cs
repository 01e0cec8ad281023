using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Coffer.Core.Audit;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer audit verify|tail|export|prune|chain-key</c>: offline, on a data directory or a database (a running server may
/// keep writing). Whoever can run them holds the database and the root key: the deployment's administrator. verify,
/// export and prune need the chain key (kept in the keyring, opened with the root key — the file or <c>COFFER_ROOT_KEY</c> —
/// or given by <c>--chain-key-file</c>).
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var store = new AuditStoreAccess();

        var file = new Option<string?>("--file") { Description = "Verify an exported segment file instead of the database (offline: no database needed)." };
        var chainKey = AuditStoreAccess.ChainKeyFileOption();
        var verify = new Command("verify",
            $"Check the audit log's hash chain, from its anchor when pruned. Exit 0 when intact, {ExitCodes.AuditChainBroken} at the first edited, inserted or missing entry.")
        {
            file, chainKey,
        };
        verify.SetAction((result, cancellationToken) => result.GetValue(file) is { } path
            ? AuditVerifyCommands.VerifyFileAsync(result, store, chainKey, path, cancellationToken)
            : store.RunAsync(result, async (storage, options) => await AuditVerifyCommands.VerifyDatabaseAsync(
                storage.Audit, await AuditStoreAccess.ChainAsync(result, options, chainKey, storage.Keyring), cancellationToken)));

        var count = new Option<int>("-n", "--lines") { Description = "How many of the newest entries.", DefaultValueFactory = _ => 20 };
        var output = new Option<string>("--output") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var tail = new Command("tail", "Show the newest audit entries, oldest first.") { count, output };
        tail.SetAction((result, cancellationToken) => store.RunAsync(result, async (storage, _) =>
        {
            var records = await storage.Audit.TailAsync(Math.Max(1, result.GetValue(count)), cancellationToken);
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

        return store.WithStoreOptions(new Command("audit", "Inspect, export and prune the audit log of a data directory or database.")
        {
            verify, tail, AuditRetentionCommands.Export(store), AuditRetentionCommands.Prune(store), AuditRetentionCommands.ChainKey(store),
        });
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
                AuditRecordJson.Write(json, record);
            }

            json.WriteEndArray();
        }

        stdout.WriteByte((byte)'\n');
    }
}
