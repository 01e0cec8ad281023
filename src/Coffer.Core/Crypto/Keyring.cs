using System.Collections.Frozen;
using System.Security.Cryptography;
using Coffer.Core.Storage;

namespace Coffer.Core.Crypto;

/// <summary>
/// Numbered data keys, each wrapped by the <see cref="RootKey"/> in the store. New data is sealed
/// under the newest key; older keys stay for reads.
/// </summary>
public sealed class Keyring
{
    private readonly FrozenDictionary<int, byte[]> _keys;

    private Keyring(FrozenDictionary<int, byte[]> keys)
    {
        _keys = keys;
        ActiveKeyId = keys.Keys.Max();
    }

    public int ActiveKeyId { get; }

    internal byte[] ActiveKey => _keys[ActiveKeyId];

    internal bool TryGetKey(int id, out byte[] key) => _keys.TryGetValue(id, out key!);

    /// <summary>Loads the keyring, creating its first key on a new store.</summary>
    /// <exception cref="CryptographicException">The root key does not open the stored keyring.</exception>
    public static async Task<Keyring> LoadAsync(IKeyringStore store, RootKey rootKey, TimeProvider time, CancellationToken cancellationToken)
    {
        var wrapped = await store.ListAsync(cancellationToken);
        if (wrapped.Count == 0)
        {
            var key = RandomNumberGenerator.GetBytes(32);
            await store.AddAsync(new WrappedKeyringKey(1, rootKey.Wrap(1, key), time.GetUtcNow()), cancellationToken);
            wrapped = await store.ListAsync(cancellationToken);
        }

        var keys = wrapped.ToDictionary(k => k.Id, k => Unwrap(rootKey, k));
        return new Keyring(keys.ToFrozenDictionary());
    }

    private static byte[] Unwrap(RootKey rootKey, WrappedKeyringKey key)
    {
        try
        {
            return rootKey.Unwrap(key.Id, key.Wrapped);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException(
                $"The root key does not open keyring key {key.Id}: this data directory was created with another root key.", e);
        }
    }
}
