using System.Security.Cryptography;
using Coffer.Core.Crypto;
using Coffer.Core.Errors;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Keys;

/// <summary>
/// The Keys API of a vault: create, import, read, update, rotate, and the cryptographic operations. Private parts are
/// sealed before they reach the store; operations take their key object from <see cref="KeyObjectCache"/>.
/// </summary>
public sealed class KeyService(IObjectVersionStore store, EnvelopeSealer sealer, KeyGenerator generator, KeyObjectCache keyObjects, TimeProvider time)
{
    public async Task<Key> CreateAsync(Vault vault, string name, KeyCreateRequest request, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var kty = KeyTypes.Canonical(request.Kty)
            ?? throw KeyVaultErrors.BadParameter($"Key type (kty) '{request.Kty}' is not supported: use RSA, RSA-HSM, EC, EC-HSM, oct or oct-HSM.");
        Validate(request.Tags, request.Attributes);
        KeyReleaseRules.ValidateNew(request.Exportable, request.ReleasePolicy);
        var keyOps = Operations(request.KeyOps, kty);
        var material = await generator.GenerateAsync(kty, request.KeySize, request.PublicExponent, request.Crv, cancellationToken);
        return await AddAsync(obj, material, keyOps, request.Attributes, request.Exportable, request.Tags, request.ReleasePolicy, cancellationToken);
    }

    public async Task<Key> ImportAsync(Vault vault, string name, KeyImportRequest request, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var kty = KeyTypes.Canonical(request.Key.Kty)
            ?? throw KeyVaultErrors.BadParameter($"Key type (kty) '{request.Key.Kty}' is not supported.");
        Validate(request.Tags, request.Attributes);
        KeyReleaseRules.ValidateNew(request.Exportable, request.ReleasePolicy);
        kty = KeyTypes.WithHsm(kty, request.Hsm || KeyTypes.IsHsm(kty));
        var material = (request.Key with { Kty = kty }).Validated();
        var keyOps = Operations(request.KeyOps, kty);
        return await AddAsync(obj, material, keyOps, request.Attributes, request.Exportable, request.Tags, request.ReleasePolicy, cancellationToken);
    }

    public async Task<Key> GetAsync(Vault vault, string name, string? version, CancellationToken cancellationToken) =>
        Key.From(name, await store.GetExistingVersionAsync(Ref(vault, name), version, cancellationToken));

    public async Task<Key> UpdateAsync(Vault vault, string name, string? version, KeyUpdateRequest request, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        ObjectRules.ValidateTags(request.Patch.Tags);
        var stored = await store.GetExistingVersionAsync(obj, version, cancellationToken);
        var properties = KeyProperties.Deserialize(stored.Properties!);
        properties = properties with
        {
            KeyOps = request.KeyOps is null ? properties.KeyOps : Operations(request.KeyOps, properties.Kty),
            ReleasePolicy = KeyReleaseRules.Updated(properties, request.ReleasePolicy),
        };
        var updated = request.Patch.ApplyTo(stored, Now()) with { Properties = properties.Serialize() };
        ObjectRules.ValidateAttributes(updated.Attributes.NotBefore, updated.Attributes.Expires);
        if (!await store.UpdateVersionAsync(obj, updated, cancellationToken))
        {
            throw KeyVaultErrors.ObjectNotFound(ObjectKind.Key, name, stored.Version);
        }

        return new Key(name, updated, properties);
    }

    /// <summary>A new version like the latest (type, size, curve, operations, tags), expiring per the rotation policy.</summary>
    public async Task<Key> RotateAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var latest = await store.GetExistingVersionAsync(obj, null, cancellationToken);
        return await RotateAsync(obj, latest, ObjectName.NewVersion(), cancellationToken);
    }

    /// <summary>
    /// The rotation a policy's Rotate action makes of <paramref name="current"/>: as <see cref="RotateAsync(Vault, string, CancellationToken)"/>,
    /// under the id <see cref="ObjectName.Successor"/> gives; null when that version exists (another node or an earlier pass made it).
    /// </summary>
    public async Task<Key?> RotateByPolicyAsync(Vault vault, string name, ObjectVersion current, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var successor = ObjectName.Successor(current.Version);
        try
        {
            return await RotateAsync(obj, current, successor, cancellationToken);
        }
        catch (System.Data.Common.DbException) when (!cancellationToken.IsCancellationRequested)
        {
            if (await store.GetVersionAsync(obj, successor, cancellationToken) is null)
            {
                throw;
            }

            return null;
        }
    }

    private async Task<Key> RotateAsync(ObjectRef obj, ObjectVersion current, string versionId, CancellationToken cancellationToken)
    {
        var latest = Key.From(obj.Name, current);
        var policy = await ReadPolicyAsync(obj, cancellationToken);
        var material = await generator.GenerateAsync(latest.Properties.Kty, latest.Properties.KeySize, null,
            latest.Properties.PublicKey.Crv, cancellationToken);
        var expires = policy.ExpiresAfter is { } after ? Now() + after : (DateTimeOffset?)null;
        return await AddAsync(obj, material, latest.Properties.KeyOps, new ObjectAttributes(true, null, expires),
            latest.Properties.Exportable, latest.Version.Tags, latest.Properties.ReleasePolicy, cancellationToken, versionId);
    }

    public async Task<RotationPolicy> GetRotationPolicyAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        await store.GetExistingVersionAsync(obj, null, cancellationToken);
        return await ReadPolicyAsync(obj, cancellationToken);
    }

    public async Task<RotationPolicy> SetRotationPolicyAsync(Vault vault, string name, RotationPolicy policy, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var existing = await GetRotationPolicyAsync(vault, name, cancellationToken);
        var now = Now();
        var stored = policy.Validated() with { Created = existing.Created ?? now, Updated = now };
        if (!await store.SetPolicyAsync(obj, stored.Serialize(), cancellationToken))
        {
            throw KeyVaultErrors.ObjectNotFound(ObjectKind.Key, name);
        }

        return stored;
    }

    /// <summary>
    /// Runs a cryptographic operation with a usable version: it must exist, be enabled, allow the
    /// operation in its key_ops and, except for decrypt, unwrapKey and verify, be inside its nbf/exp
    /// window (403 otherwise). The version and its attributes are read on every call; only the imported key object is
    /// cached.
    /// </summary>
    public async Task<(Key Key, T Result)> OperateAsync<T>(Vault vault, string name, string? version, string operation,
        Func<ImportedKey, T> work, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var evictionsSeen = keyObjects.Evictions;
        var stored = await store.GetExistingVersionAsync(obj, version, cancellationToken);
        var key = Key.From(name, stored);
        var now = time.GetUtcNow();
        if (!stored.Attributes.Enabled)
        {
            throw KeyVaultErrors.Disabled(ObjectKind.Key, operation);
        }

        // Azure keeps keys usable outside nbf/exp for what recovers data: decrypt, unwrapKey and verify.
        var timeBound = operation is not (KeyOperations.Decrypt or KeyOperations.UnwrapKey or KeyOperations.Verify);
        if (timeBound && stored.Attributes.NotBefore > now)
        {
            throw KeyVaultErrors.Forbidden($"Operation {operation} is not allowed on a key that is not yet valid (nbf).", "KeyNotYetValid");
        }

        if (timeBound && stored.Attributes.Expires <= now)
        {
            throw KeyVaultErrors.Forbidden($"Operation {operation} is not allowed on an expired key.", "KeyExpired");
        }

        if (!key.Properties.KeyOps.Contains(operation))
        {
            throw KeyVaultErrors.Forbidden($"Operation {operation} is not permitted on this key: its key_ops are {string.Join(", ", key.Properties.KeyOps)}.", "KeyOperationForbidden");
        }

        using var lease = keyObjects.Lease(KeyVersionRef.For(obj.Vault, obj.Name, stored.Version), stored.SealedMaterial, evictionsSeen,
            () => OpenMaterial(obj, stored));
        return (key, work(lease.Key));
    }

    private JsonWebKeyMaterial OpenMaterial(ObjectRef obj, ObjectVersion stored)
    {
        var json = sealer.Open(stored.SealedMaterial, obj, stored.Version);
        try
        {
            return JsonWebKeyMaterial.Deserialize(json);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    /// <summary>Key Vault's <c>POST /rng</c>: 1-128 bytes from the OS generator.</summary>
    public static byte[] RandomBytes(int count) => count is >= 1 and <= 128
        ? RandomNumberGenerator.GetBytes(count)
        : throw KeyVaultErrors.BadParameter($"count must be 1-128; got {count}.");

    private async Task<Key> AddAsync(ObjectRef obj, JsonWebKeyMaterial material, IReadOnlyList<string> keyOps, ObjectAttributes attributes,
        bool? exportable, IReadOnlyDictionary<string, string>? tags, KeyReleasePolicy? releasePolicy, CancellationToken cancellationToken,
        string? versionId = null)
    {
        var now = Now();
        versionId ??= ObjectName.NewVersion();
        var properties = new KeyProperties(material.Kty, material.KeySize, keyOps, material.PublicOnly(), exportable, releasePolicy);
        var version = new ObjectVersion(versionId, now, now, attributes, tags, null,
            sealer.Seal(material.Serialize(), obj, versionId), properties.Serialize());
        return await store.AddVersionAsync(obj, version, cancellationToken) switch
        {
            AddVersionResult.Added => new Key(obj.Name, version, properties),
            _ => throw KeyVaultErrors.DeletedButRecoverable(ObjectKind.Key, obj.Name),
        };
    }

    private async Task<RotationPolicy> ReadPolicyAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        await store.GetPolicyAsync(obj, cancellationToken) is { } json ? RotationPolicy.Deserialize(json) : RotationPolicy.Default;

    private static IReadOnlyList<string> Operations(IReadOnlyList<string>? requested, string kty)
    {
        if (requested is null || requested.Count == 0)
        {
            return KeyOperations.DefaultsFor(kty);
        }

        return requested.Select(op => KeyOperations.Canonical(op)
                ?? throw KeyVaultErrors.BadParameter($"Unknown key operation '{op}'."))
            .Distinct()
            .ToList();
    }

    private static void Validate(IReadOnlyDictionary<string, string>? tags, ObjectAttributes attributes)
    {
        ObjectRules.ValidateTags(tags);
        ObjectRules.ValidateAttributes(attributes.NotBefore, attributes.Expires);
    }

    private DateTimeOffset Now() => ObjectLifecycle.Truncate(time.GetUtcNow());

    private static ObjectRef Ref(Vault vault, string name) => new(vault.Name, ObjectKind.Key, ObjectName.Validate(name));
}
