using System.Collections.Concurrent;
using Coffer.Core.Authorization;
using Coffer.Core.Errors;
using Coffer.Core.Storage;

namespace Coffer.Server.Authorization;

/// <summary>
/// Each vault's <see cref="VaultAccess"/>, read once and kept until a change on any node lets it go
/// (<see cref="Vaults.VaultCacheInvalidation"/>): a data-plane request then costs one dictionary lookup, not a database read.
/// </summary>
public sealed class VaultAccessCache(IVaultAccessStore store)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<VaultAccess?>>> _cache = new(StringComparer.OrdinalIgnoreCase);

    public ValueTask<VaultAccess> GetAsync(string vault, CancellationToken cancellationToken) =>
        _cache.TryGetValue(vault, out var cached) && cached.IsValueCreated && cached.Value.IsCompletedSuccessfully && cached.Value.Result is { } access
            ? ValueTask.FromResult(access) // the per-request path: no allocation, no await
            : LoadAsync(vault, cancellationToken);

    private async ValueTask<VaultAccess> LoadAsync(string vault, CancellationToken cancellationToken)
    {
        var entry = _cache.GetOrAdd(vault, static (name, store) => new Lazy<Task<VaultAccess?>>(() => store.GetAsync(name, CancellationToken.None)), store);
        try
        {
            return await entry.Value.WaitAsync(cancellationToken) ?? throw KeyVaultErrors.VaultNotFound(vault);
        }
        catch (Exception e) when (e is not KeyVaultException and not OperationCanceledException)
        {
            _cache.TryRemove(KeyValuePair.Create(vault, entry)); // a failed read is not remembered
            throw;
        }
    }

    public void Invalidate(string vault) => _cache.TryRemove(vault, out _);

    public void InvalidateAll() => _cache.Clear();
}
