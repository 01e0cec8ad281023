using System.Collections.Concurrent;
using System.Net;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Coffer.Server.Hosting;

namespace Coffer.Server.Vaults;

/// <summary>
/// Maps a request's Host to its vault: <c>{vault}.{suffix}</c>, and plain localhost or a loopback
/// address to the default vault. Vaults are cached briefly; changes on any node invalidate at once.
/// </summary>
public sealed class VaultResolver(IVaultStore vaults, CofferOptions options, Deployment deployment, TimeProvider time)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (Vault? Vault, DateTimeOffset Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The vault name a host addresses, or null when the host addresses no vault.</summary>
    public string? VaultNameOf(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out _))
        {
            return deployment.DefaultVaultName;
        }

        var suffix = "." + options.DnsSuffix;
        if (host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            var label = host[..^suffix.Length];
            return label.Length > 0 && !label.Contains('.', StringComparison.Ordinal) ? label.ToLowerInvariant() : null;
        }

        return null;
    }

    public async Task<Vault?> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var name = VaultNameOf(host);
        return name is null ? null : await GetAsync(name, cancellationToken);
    }

    public async Task<Vault?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(name, out var cached) && cached.Expires > now)
        {
            return cached.Vault;
        }

        var vault = await vaults.GetAsync(name, cancellationToken);
        _cache[name] = (vault, now + CacheLifetime);
        return vault;
    }

    public void Invalidate(string name) => _cache.TryRemove(name, out _);

    public void InvalidateAll() => _cache.Clear();
}
