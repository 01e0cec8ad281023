using System.Globalization;

namespace Coffer.Bench.Load;

/// <summary>Secret names the phases use: distinct per client and sequence, valid Key Vault names.</summary>
internal static class LoadNames
{
    public static string Set(int client, int seq) => string.Create(CultureInfo.InvariantCulture, $"load-{client}-{seq}");

    public static string WarmUp(int client, int seq) => string.Create(CultureInfo.InvariantCulture, $"warmup-{client}-{seq}");

    /// <summary>The names a set phase stored (its successful operations'); none is an error, since a later phase reads them.</summary>
    public static string[] SetBy(PhaseResult set)
    {
        var names = set.Tallies.SelectMany(t => t.SucceededSeqs.Select(seq => Set(t.Client, seq))).ToArray();
        return names.Length > 0
            ? names
            : throw new InvalidOperationException($"No {set.Label} succeeded, so there is nothing to read: {LoadReport.DescribeErrors(set)}");
    }

    /// <summary>Per client, a repeatable random pick among <paramref name="names"/> (seeded by the client's number).</summary>
    public static Func<int, string> RandomPicks(string[] names, int clients)
    {
#pragma warning disable CA5394 // Picks which name to read, not a secret.
        var pickers = Enumerable.Range(0, clients).Select(client => new Random(client)).ToArray();
        return client => names[pickers[client].Next(names.Length)];
#pragma warning restore CA5394
    }
}
