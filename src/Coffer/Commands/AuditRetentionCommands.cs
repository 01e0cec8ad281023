using System.CommandLine;
using Coffer.Core.Audit;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer audit export|prune|chain-key</c>: what keeps the log from filling the disk, by hand (the server's retention job does the same on a schedule).</summary>
internal static class AuditRetentionCommands
{
    public const string PruneApplication = "coffer audit prune";

    public static Command Export(AuditStoreAccess access)
    {
        var before = Before("Export the entries before this entry sequence or time (ISO 8601), from the first one stored.");
        var output = new Option<string>("--out") { Description = "The segment file to write (JSON lines), atomically.", Required = true };
        var chainKey = AuditStoreAccess.ChainKeyFileOption();
        var command = new Command("export", "Write a stretch of the audit log to a file that verifies offline, and record the export so a prune may remove it.")
        {
            before, output, chainKey,
        };
        command.SetAction((result, cancellationToken) => access.RunAsync(result, async (storage, options) =>
        {
            var bound = AuditBound.Parse(result.GetValue(before)!);
            using var chain = await AuditStoreAccess.ChainAsync(result, options, chainKey, storage.Keyring);
            var export = await new AuditArchiver(storage.Audit, chain, TimeProvider.System).ExportAsync(bound, result.GetValue(output)!, cancellationToken);
            Console.WriteLine(export is null
                ? $"No audit entries {bound}: nothing exported."
                : $"Exported entries {export.FirstSequence} to {export.LastSequence} to {result.GetValue(output)}, ending with hash {Convert.ToHexStringLower(export.LastHash)}.");
            return 0;
        }));
        return command;
    }

    public static Command Prune(AuditStoreAccess access)
    {
        var before = Before("Prune the entries before this entry sequence or time (ISO 8601); every one of them must have been exported.");
        var chainKey = AuditStoreAccess.ChainKeyFileOption();
        var command = new Command("prune", "Remove exported audit entries, keeping an anchor (the last pruned entry's sequence and hash) that verify starts from; the prune is itself an audit entry.")
        {
            before, chainKey,
        };
        command.SetAction((result, cancellationToken) => access.RunAsync(result, async (storage, options) =>
        {
            var bound = AuditBound.Parse(result.GetValue(before)!);
            using var chain = await AuditStoreAccess.ChainAsync(result, options, chainKey, storage.Keyring);
            var pruned = await new AuditArchiver(storage.Audit, chain, TimeProvider.System).PruneAsync(bound, Environment.UserName, PruneApplication, cancellationToken);
            Console.WriteLine(pruned is { } p
                ? $"Pruned {p.Removed} audit entries through {p.Through}; the log now starts after entry {p.Through}."
                : $"No audit entries {bound}: nothing pruned.");
            return 0;
        }));
        return command;
    }

    public static Command ChainKey(AuditStoreAccess access)
    {
        var command = new Command("chain-key", "Print the audit chain key (base64): it verifies exported segments (`verify --file F --chain-key-file K`) without the root key, and can forge the chain, so keep it as a secret.");
        command.SetAction(result => AuditStoreAccess.FailuresAsync(async () =>
        {
            Console.WriteLine(Convert.ToBase64String(await AuditStoreAccess.StoredOrDerivedChainKeyAsync(access.Options(result))));
            return 0;
        }));
        return command;
    }

    private static Option<string> Before(string description) => new("--before") { Description = description, Required = true };
}
