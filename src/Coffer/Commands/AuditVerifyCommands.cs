using System.CommandLine;
using Coffer.Core.Audit;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer audit verify</c>, over the database (from its anchor) or over an exported segment file.</summary>
internal static class AuditVerifyCommands
{
    public static async Task<int> VerifyDatabaseAsync(IAuditStore store, AuditChain chain, CancellationToken cancellationToken)
    {
        using (chain)
        {
            var outcome = await new AuditVerifier(store, chain).VerifyAsync(cancellationToken);
            var from = outcome.Anchor.IsStart ? "" : $" from the anchor after entry {outcome.Anchor.Sequence}";
            if (outcome.FirstBroken is { } broken)
            {
                await Console.Error.WriteLineAsync(
                    $"Audit log BROKEN at entry {broken}: it was edited, inserted or removed ({outcome.Intact} entries{from} before it are intact).");
                return ExitCodes.AuditChainBroken;
            }

            if (outcome.AnchorProblem is { } problem)
            {
                await Console.Error.WriteLineAsync($"Audit log BROKEN at entry {outcome.Anchor.Sequence + 1}: {problem}.");
                return ExitCodes.AuditChainBroken;
            }

            Console.WriteLine(outcome.LastIntact is { } last
                ? $"Audit log intact{from}: {outcome.Intact} entries, last {last.Sequence} at {last.Entry.Time:O}, hash {Convert.ToHexStringLower(last.Hash)}."
                : $"Audit log intact{from}: no entries.");
            return 0;
        }
    }

    public static Task<int> VerifyFileAsync(ParseResult result, AuditStoreAccess access, Option<string?> chainKey, string path,
        CancellationToken cancellationToken) =>
        AuditStoreAccess.FailuresAsync(async () =>
        {
            using var chain = await AuditStoreAccess.ChainAsync(result, access.Options(result), chainKey, keyring: null);
            var outcome = await AuditSegmentFile.VerifyAsync(path, chain, cancellationToken);
            if (!outcome.IsIntact)
            {
                await Console.Error.WriteLineAsync($"Audit segment {path} BROKEN at entry {outcome.FirstBroken}: {outcome.Problem} ({outcome.Intact} entries before it are intact).");
                return ExitCodes.AuditChainBroken;
            }

            Console.WriteLine($"Audit segment intact: entries {outcome.Start!.Sequence + 1} to {outcome.Last!.Sequence} ({outcome.Intact}), after hash {Convert.ToHexStringLower(outcome.Start.Hash)}, ending with hash {Convert.ToHexStringLower(outcome.Last.Hash)}.");
            return 0;
        });
}
