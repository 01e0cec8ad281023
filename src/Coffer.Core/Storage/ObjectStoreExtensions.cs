using Coffer.Core.Errors;

namespace Coffer.Core.Storage;

public static class ObjectStoreExtensions
{
    /// <summary>
    /// The given version of an active object, or its latest when <paramref name="version"/> is null or
    /// empty (clients send <c>/{name}/</c> for "latest"); 404 with the kind's not-found code otherwise.
    /// </summary>
    public static async Task<ObjectVersion> GetExistingVersionAsync(this IObjectVersionStore store, ObjectRef obj, string? version, CancellationToken cancellationToken)
    {
        version = string.IsNullOrEmpty(version) ? null : version;
        if (version is not null && !ObjectName.IsVersion(version))
        {
            throw KeyVaultErrors.ObjectNotFound(obj.Kind, obj.Name, version);
        }

        return await store.GetVersionAsync(obj, version?.ToLowerInvariant(), cancellationToken)
            ?? throw KeyVaultErrors.ObjectNotFound(obj.Kind, obj.Name, version);
    }
}
