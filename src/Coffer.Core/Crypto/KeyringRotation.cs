using System.Security.Cryptography;
using Coffer.Core.Storage;

namespace Coffer.Core.Crypto;

/// <summary>
/// The keyring changes an operator makes (<c>coffer root-key rotate|forget-previous</c>, <c>coffer keyring rotate</c>), each one
/// compare-and-swap of the whole keyring, so two concurrent changes cannot both win and a rerun after a crash finishes the job.
/// </summary>
public static class KeyringRotation
{
    /// <summary>
    /// Re-wraps every key under <paramref name="next"/>, keeping its wrap under <paramref name="held"/> as the previous one so that
    /// nodes (and a restart) still holding <paramref name="held"/> keep working until <see cref="ForgetPreviousAsync"/>.
    /// </summary>
    /// <exception cref="CryptographicException"><paramref name="held"/> opens neither wrap of a key.</exception>
    public static async Task<KeyringChange> RotateRootKeyAsync(IKeyringStore store, RootKey held, RootKey next, TimeProvider time, CancellationToken cancellationToken)
    {
        await Keyring.LoadAsync(store, held, time, cancellationToken); // stores the audit chain key first, were it not yet
        var keys = await store.ListAsync(cancellationToken);
        if (keys.All(k => Opens(next, k.Id, k.Wrapped)))
        {
            return KeyringChange.AlreadyDone;
        }

        if (keys.Any(k => k.ActivatesOn > time.GetUtcNow()))
        {
            return KeyringChange.ActivationPending;
        }

        if (keys.Any(k => k.PreviousWrapped is not null) && keys.All(k => Opens(held, k.Id, k.Wrapped)))
        {
            return KeyringChange.PreviousRootKeyAccepted;
        }

        var replacement = keys.Select(k =>
        {
            var key = Keyring.Unwrap(held, k);
            return k with { Wrapped = next.Wrap(k.Id, key), PreviousWrapped = held.Wrap(k.Id, key) };
        }).ToList();
        return await store.ReplaceAsync(keys, replacement, cancellationToken) ? KeyringChange.Done : KeyringChange.Concurrent;
    }

    /// <summary>Drops the wraps under the previous root key, once every node runs <paramref name="current"/>.</summary>
    public static async Task<KeyringChange> ForgetPreviousAsync(IKeyringStore store, RootKey current, CancellationToken cancellationToken)
    {
        var keys = await store.ListAsync(cancellationToken);
        if (!keys.All(k => Opens(current, k.Id, k.Wrapped)))
        {
            throw new CryptographicException("This root key is not the one the keyring is wrapped under: it may be the previous one.");
        }

        if (keys.All(k => k.PreviousWrapped is null))
        {
            return KeyringChange.AlreadyDone;
        }

        var replacement = keys.Select(k => k with { PreviousWrapped = null }).ToList();
        return await store.ReplaceAsync(keys, replacement, cancellationToken) ? KeyringChange.Done : KeyringChange.Concurrent;
    }

    /// <summary>
    /// Adds a data key that new writes use from <paramref name="activationDelay"/> on, time for every node to load it
    /// first (a node that has not would fail to read a value sealed under it). Returns the new key's id, or why not.
    /// </summary>
    public static async Task<(KeyringChange Change, int KeyId)> AddDataKeyAsync(
        IKeyringStore store, RootKey rootKey, TimeSpan activationDelay, TimeProvider time, CancellationToken cancellationToken)
    {
        await Keyring.LoadAsync(store, rootKey, time, cancellationToken); // checks the root key opens the keyring
        var keys = await store.ListAsync(cancellationToken);
        if (keys.Any(k => k.PreviousWrapped is not null))
        {
            return (KeyringChange.PreviousRootKeyAccepted, 0);
        }

        var id = keys.Max(k => k.Id) + 1;
        var now = time.GetUtcNow();
        var added = new WrappedKeyringKey(id, rootKey.Wrap(id, RandomNumberGenerator.GetBytes(32)), now, now + activationDelay);
        return await store.ReplaceAsync(keys, [.. keys, added], cancellationToken) ? (KeyringChange.Done, id) : (KeyringChange.Concurrent, 0);
    }

    private static bool Opens(RootKey rootKey, int id, byte[] wrapped)
    {
        try
        {
            rootKey.Unwrap(id, wrapped);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

public enum KeyringChange
{
    Done,

    /// <summary>A rerun found the change made (a root key rotation that stopped before swapping the key file).</summary>
    AlreadyDone,

    /// <summary>A data key has not reached its activation time: a root key rotation waits for it.</summary>
    ActivationPending,

    /// <summary>The previous root key still opens the keyring: forget it (once every node runs the current one) first.</summary>
    PreviousRootKeyAccepted,

    /// <summary>The keyring changed while this change was prepared; nothing was written.</summary>
    Concurrent,
}
