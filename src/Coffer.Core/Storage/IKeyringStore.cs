namespace Coffer.Core.Storage;

/// <summary>
/// The keyring's keys, each wrapped under the root key. Keys are never removed: a data key rotation adds one, a
/// root key rotation re-wraps them all, each through <see cref="ReplaceAsync"/> so concurrent changes cannot both win.
/// </summary>
public interface IKeyringStore
{
    Task<IReadOnlyList<WrappedKeyringKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a key; false when its id is taken (another node added it first).</summary>
    Task<bool> AddAsync(WrappedKeyringKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-swap of the whole keyring: writes <paramref name="replacement"/> (every id of <paramref name="expected"/>,
    /// maybe more) only if the stored keys are still exactly <paramref name="expected"/>, in one transaction that no other
    /// keyring write interleaves with; false, with nothing written, when they are not.
    /// </summary>
    Task<bool> ReplaceAsync(IReadOnlyList<WrappedKeyringKey> expected, IReadOnlyList<WrappedKeyringKey> replacement, CancellationToken cancellationToken);
}

/// <param name="ActivatesOn">When new writes may start using this data key (null: at once); until then every node has time to load it.</param>
/// <param name="PreviousWrapped">The same key wrapped under the previous root key, while a root key rotation is not finished.</param>
public sealed record WrappedKeyringKey(int Id, byte[] Wrapped, DateTimeOffset CreatedOn, DateTimeOffset? ActivatesOn = null, byte[]? PreviousWrapped = null)
{
    public bool SameAs(WrappedKeyringKey other) =>
        Id == other.Id && Wrapped.AsSpan().SequenceEqual(other.Wrapped) && CreatedOn == other.CreatedOn && ActivatesOn == other.ActivatesOn
        && (PreviousWrapped is null ? other.PreviousWrapped is null : other.PreviousWrapped is not null && PreviousWrapped.AsSpan().SequenceEqual(other.PreviousWrapped));

    /// <summary>Whether <paramref name="stored"/> is exactly <paramref name="expected"/>, key for key (by id).</summary>
    public static bool SameKeys(IReadOnlyList<WrappedKeyringKey> stored, IReadOnlyList<WrappedKeyringKey> expected) =>
        stored.Count == expected.Count
        && stored.OrderBy(k => k.Id).Zip(expected.OrderBy(k => k.Id)).All(pair => pair.First.SameAs(pair.Second));
}
