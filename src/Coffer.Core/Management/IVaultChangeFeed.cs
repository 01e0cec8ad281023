namespace Coffer.Core.Management;

/// <summary>The vault and key changes that every node sharing the database makes, heard as they commit.</summary>
public interface IVaultChangeFeed
{
    /// <summary>
    /// Tells <paramref name="observer"/> of each vault and key changed (on any node, this one included) until cancelled or the
    /// connection is lost (then it throws); first <see cref="IVaultChangeObserver.AllVaultsChanged"/>, once listening,
    /// since changes made before may have been missed. A store that only one process uses returns at once.
    /// </summary>
    Task ListenAsync(IVaultChangeObserver observer, CancellationToken cancellationToken);
}
