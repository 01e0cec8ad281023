using System.Text;
using Coffer.Core.Crypto;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Secrets;

/// <summary>The Secrets API of one vault: values are sealed before they reach the store.</summary>
public sealed class SecretService(IObjectVersionStore store, EnvelopeSealer sealer, TimeProvider time)
{
    /// <summary>Azure refuses secret values above 25 KB.</summary>
    public const int MaxValueBytes = 25 * 1024;

    public async Task<Secret> SetAsync(Vault vault, string name, SecretSetRequest request, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        if (Encoding.UTF8.GetByteCount(request.Value) > MaxValueBytes)
        {
            throw KeyVaultErrors.BadParameter($"The secret value is larger than the maximum of {MaxValueBytes} bytes.");
        }

        ObjectRules.ValidateTags(request.Tags);
        ObjectRules.ValidateContentType(request.ContentType);
        ObjectRules.ValidateAttributes(request.Attributes.NotBefore, request.Attributes.Expires);

        var now = ObjectLifecycle.Truncate(time.GetUtcNow());
        var versionId = ObjectName.NewVersion();
        var version = new ObjectVersion(versionId, now, now, request.Attributes, request.Tags, request.ContentType,
            sealer.Seal(Encoding.UTF8.GetBytes(request.Value), obj, versionId));

        return await store.AddVersionAsync(obj, version, cancellationToken) switch
        {
            AddVersionResult.Added => new Secret(name, version, request.Value),
            _ => throw KeyVaultErrors.DeletedButRecoverable(ObjectKind.Secret, name),
        };
    }

    /// <summary>The value of a version (latest when <paramref name="version"/> is null); 403 when disabled, as Azure.</summary>
    public async Task<Secret> GetAsync(Vault vault, string name, string? version, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var stored = await store.GetExistingVersionAsync(obj, version, cancellationToken);
        if (!stored.Attributes.Enabled)
        {
            throw KeyVaultErrors.Disabled(ObjectKind.Secret, "get");
        }

        var value = Encoding.UTF8.GetString(sealer.Open(stored.SealedMaterial, obj, stored.Version));
        return new Secret(name, stored, value);
    }

    public async Task<Secret> UpdateAsync(Vault vault, string name, string? version, ObjectPatch patch, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        ObjectRules.ValidateTags(patch.Tags);
        ObjectRules.ValidateContentType(patch.ContentType);
        var stored = await store.GetExistingVersionAsync(obj, version, cancellationToken);
        var updated = patch.ApplyTo(stored, ObjectLifecycle.Truncate(time.GetUtcNow()));
        ObjectRules.ValidateAttributes(updated.Attributes.NotBefore, updated.Attributes.Expires);
        if (!await store.UpdateVersionAsync(obj, updated, cancellationToken))
        {
            throw KeyVaultErrors.ObjectNotFound(ObjectKind.Secret, name, stored.Version);
        }

        return new Secret(name, updated, null);
    }

    private static ObjectRef Ref(Vault vault, string name) => new(vault.Name, ObjectKind.Secret, ObjectName.Validate(name));
}
