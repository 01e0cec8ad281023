namespace Coffer.Core.Storage;

/// <summary>The keyring's keys, each wrapped under the root key. Keys are only ever added.</summary>
public interface IKeyringStore
{
    Task<IReadOnlyList<WrappedKeyringKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a key; false when its id is taken (another node added it first).</summary>
    Task<bool> AddAsync(WrappedKeyringKey key, CancellationToken cancellationToken);
}

public sealed record WrappedKeyringKey(int Id, byte[] Wrapped, DateTimeOffset CreatedOn);
