using Coffer.Core.Storage;

namespace Coffer.Core.Tests;

/// <summary>A keyring store in memory, with the compare-and-swap the database stores make.</summary>
internal sealed class MemoryKeyringStore : IKeyringStore
{
    private readonly Lock _lock = new();
    private List<WrappedKeyringKey> _keys = [];

    public Task<IReadOnlyList<WrappedKeyringKey>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<WrappedKeyringKey>>(_keys.OrderBy(k => k.Id).ToList());
        }
    }

    public Task<bool> AddAsync(WrappedKeyringKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_keys.Any(k => k.Id == key.Id))
            {
                return Task.FromResult(false);
            }

            _keys.Add(key);
            return Task.FromResult(true);
        }
    }

    public Task<bool> ReplaceAsync(IReadOnlyList<WrappedKeyringKey> expected, IReadOnlyList<WrappedKeyringKey> replacement, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!WrappedKeyringKey.SameKeys(_keys, expected))
            {
                return Task.FromResult(false);
            }

            _keys = [.. replacement];
            return Task.FromResult(true);
        }
    }
}
