using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Tests;

/// <summary>
/// Every active object of a vault as a running server's store holds it, with each version's material opened:
/// the version-by-version view two vaults are compared by (ids, times, attributes, tags, content types,
/// properties, values, policies). Compiled into each test project that starts a server in-process.
/// </summary>
internal static class VaultDescription
{
    public static async Task<List<string>> DescribeAsync(IServiceProvider services, string vault)
    {
        var store = services.GetRequiredService<IObjectStore>();
        var sealer = services.GetRequiredService<EnvelopeSealer>();
        var lines = new List<string>();
        await foreach (var obj in store.ReadVaultAsync(vault, default))
        {
            lines.Add($"{obj.Kind} {obj.Name} policy={obj.Policy}");
            var objRef = new ObjectRef(vault, obj.Kind, obj.Name);
            lines.AddRange(obj.Versions.Select(v =>
                $"  {v.Version} {v.Created:O} {v.Updated:O} {v.Attributes} {v.ContentType} {v.Properties} "
                + $"{string.Join(',', (v.Tags ?? new Dictionary<string, string>()).Select(t => $"{t.Key}={t.Value}"))} "
                + Convert.ToHexString(sealer.Open(v.SealedMaterial, objRef, v.Version))));
        }

        return lines;
    }
}
