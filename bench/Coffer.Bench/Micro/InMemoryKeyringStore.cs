using Coffer.Core.Storage;

namespace Coffer.Bench.Micro;

/// <summary>A keyring store without a database, so a benchmark measures sealing alone.</summary>
internal sealed class InMemoryKeyringStore : IKeyringStore
{
    private readonly List<WrappedKeyringKey> _keys = [];

    public Task<IReadOnlyList<WrappedKeyringKey>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            return Task.FromResult<IReadOnlyList<WrappedKeyringKey>>([.. _keys]);
        }
    }

    public Task<bool> AddAsync(WrappedKeyringKey key, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            if (_keys.Exists(k => k.Id == key.Id))
            {
                return Task.FromResult(false);
            }

            _keys.Add(key);
            return Task.FromResult(true);
        }
    }

    public Task<bool> ReplaceAsync(IReadOnlyList<WrappedKeyringKey> expected, IReadOnlyList<WrappedKeyringKey> replacement, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            if (!WrappedKeyringKey.SameKeys(_keys, expected))
            {
                return Task.FromResult(false);
            }

            _keys.Clear();
            _keys.AddRange(replacement);
            return Task.FromResult(true);
        }
    }
}
