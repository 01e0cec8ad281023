using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core;

/// <summary>Listings of objects and of an object's versions: the same paging rules for every kind.</summary>
public sealed class ObjectCatalog(IObjectVersionStore store)
{
    public Task<Page<ObjectEntry>> ListAsync(Vault vault, ObjectKind kind, PageRequest page, CancellationToken cancellationToken) =>
        store.ListAsync(vault.Name, kind, deleted: false, page, cancellationToken);

    /// <summary>Every version of an active object, oldest first; an unknown name lists nothing, as Azure does.</summary>
    public Task<Page<ObjectVersion>> ListVersionsAsync(Vault vault, ObjectKind kind, string name, PageRequest page, CancellationToken cancellationToken) =>
        store.ListVersionsAsync(new ObjectRef(vault.Name, kind, ObjectName.Validate(name)), page, cancellationToken);
}
