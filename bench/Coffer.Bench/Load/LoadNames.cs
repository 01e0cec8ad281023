using System.Globalization;

namespace Coffer.Bench.Load;

/// <summary>Secret names the phases use: distinct per client and sequence, valid Key Vault names.</summary>
internal static class LoadNames
{
    public static string Set(int client, int seq) => string.Create(CultureInfo.InvariantCulture, $"load-{client}-{seq}");

    public static string WarmUp(int client, int seq) => string.Create(CultureInfo.InvariantCulture, $"warmup-{client}-{seq}");
}
