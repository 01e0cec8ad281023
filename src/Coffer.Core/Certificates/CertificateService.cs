using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Coffer.Core.Crypto;
using Coffer.Core.Errors;
using Coffer.Core.Keys;
using Coffer.Core.Secrets;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Certificates;

/// <summary>
/// The Certificates API of a vault. Each certificate version is written together with the key and the
/// secret of the same name and version (one transaction), as Azure links them; the policy is kept on
/// the object, the pending operation (with a CSR's private key) sealed beside it.
/// </summary>
public sealed partial class CertificateService(
    IObjectVersionStore store, IPendingOperationStore operations, EnvelopeSealer sealer, CertificateFactory factory, TimeProvider time, OperationTiming timing)
{
    /// <param name="preserveCertOrder">2025-07-01's flag, carried back on the operation and every version it makes.</param>
    public async Task<CertificateOperation> CreateAsync(Vault vault, string name, CertificatePolicy? requested, bool? enabled,
        IReadOnlyDictionary<string, string>? tags, bool? preserveCertOrder, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        ObjectRules.ValidateTags(tags);
        var policy = CertificatePolicies.Complete(requested ?? await ReadPolicyAsync(obj, cancellationToken), Now());
        using var key = await NextKeyAsync(obj, policy, cancellationToken);
        if (CertificatePolicies.IsSelfIssued(policy) && !timing.IsImmediate)
        {
            var issuing = new CertificateOperation(CertificateOperation.InProgress, policy.Issuer!.Name!, CertificateFactory.SigningRequest(policy, key),
                false, null, null, null, null, key.ExportPkcs8PrivateKey(), policy.KeyProperties!.Kty, enabled, tags, ObjectName.NewVersion(), Now(),
                preserveCertOrder, time.GetUtcNow() + timing.Delay);
            await SavePendingAsync(obj, issuing, cancellationToken);
            await store.SetPolicyAsync(obj, Serialize(policy), cancellationToken);
            return issuing;
        }

        if (CertificatePolicies.IsSelfIssued(policy))
        {
            var done = await IssueSelfSignedAsync(obj, policy, key, enabled, tags, preserveCertOrder, null, cancellationToken);
            // Azure answers every create inProgress; Python's poller reads the certificate only after polling once.
            return done with { Status = CertificateOperation.InProgress, Target = null };
        }

        var pending = new CertificateOperation(CertificateOperation.InProgress, policy.Issuer!.Name!, CertificateFactory.SigningRequest(policy, key),
            false, null, "Pending: merge the certificate signed by your CA (Coffer does not contact certificate authorities).",
            null, null, key.ExportPkcs8PrivateKey(), policy.KeyProperties!.Kty, enabled, tags, ObjectName.NewVersion(), Now(), preserveCertOrder);
        await SavePendingAsync(obj, pending, cancellationToken);
        await store.SetPolicyAsync(obj, Serialize(policy), cancellationToken);
        return pending;
    }

    public async Task<Certificate> ImportAsync(Vault vault, string name, string value, string? password, CertificatePolicy? requested,
        bool? enabled, IReadOnlyDictionary<string, string>? tags, bool? preserveCertOrder, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        ObjectRules.ValidateTags(tags);
        var (leaf, given) = CertificateFactory.Read(value, password, requested?.SecretProperties?.ContentType);
        using (leaf)
        {
            var policy = CertificatePolicies.Complete(requested ?? PolicyOf(leaf, value), Now());
            return await WriteVersionAsync(obj, leaf, given, policy, enabled, tags, preserveCertOrder, cancellationToken);
        }
    }

    public async Task<Certificate> MergeAsync(Vault vault, string name, IReadOnlyList<byte[]> x5c, bool? enabled,
        IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var pending = await ReadPendingAsync(obj, cancellationToken);
        if (pending is not { AwaitsMerge: true })
        {
            throw KeyVaultErrors.BadParameter($"Certificate {name} has no pending operation waiting for a merge.");
        }

        if (x5c.Count == 0)
        {
            throw KeyVaultErrors.BadParameter("x5c must hold the signed certificate (and optionally its chain).");
        }

        var certificates = x5c.Select(der => Guard(() => CertificateFactory.LoadLenient(der))).ToList();
        using var key = PrivateKeyOf(pending);
        // The certificate of the CSR's key, wherever it stands in x5c (a chain given root first has it last).
        var spki = key.ExportSubjectPublicKeyInfo();
        var leaf = certificates.Find(c => c.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki)) ?? certificates[0];
        using var withKey = Guard(() => key is RSA rsa ? leaf.CopyWithPrivateKey(rsa) : leaf.CopyWithPrivateKey((ECDsa)key));
        var policy = await ReadPolicyAsync(obj, cancellationToken) ?? CertificatePolicies.Complete(PolicyOf(leaf, null), Now());
        var written = await WriteVersionAsync(obj, withKey, certificates.Select(c => c == leaf ? withKey : c).ToList(), policy, enabled ?? pending.Enabled, tags ?? pending.Tags,
            pending.PreserveCertOrder, cancellationToken, pending.Version);
        await SavePendingAsync(obj, pending with
        {
            Status = CertificateOperation.Completed,
            Target = written.Version.Version,
            StatusDetails = null,
            PrivateKeyPkcs8 = null,
        }, cancellationToken);
        return written;
    }

    public async Task<CertificateOperation> GetOperationAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        return await IssueDueAsync(obj, await ReadOperationAsync(obj, cancellationToken), cancellationToken) ?? throw PendingNotFound(name);
    }

    /// <summary>
    /// Issues a self-signed create kept in progress once its moment has come, on whichever node reads it first. The
    /// version id was fixed at create, so a node that loses the race to another finds the version the other wrote.
    /// </summary>
    private async Task<CertificateOperation?> IssueDueAsync(ObjectRef obj, CertificateOperation? operation, CancellationToken cancellationToken)
    {
        if (operation is not { Status: CertificateOperation.InProgress, IssuesAt: { } issuesAt } || issuesAt > time.GetUtcNow())
        {
            return operation;
        }

        var issued = operation with { Status = CertificateOperation.Completed, Target = operation.Version, PrivateKeyPkcs8 = null, IssuesAt = null };
        if (await store.GetVersionAsync(obj, operation.Version, cancellationToken) is not null)
        {
            return issued;
        }

        var policy = await ReadPolicyAsync(obj, cancellationToken) ?? throw KeyVaultErrors.ObjectNotFound(ObjectKind.Certificate, obj.Name);
        using var key = PrivateKeyOf(operation);
        using var certificate = CertificateFactory.SelfSign(policy, key, Now());
        try
        {
            await WriteVersionAsync(obj, certificate, [certificate], policy, operation.Enabled, operation.Tags, operation.PreserveCertOrder, cancellationToken,
                operation.Version);
        }
        catch (System.Data.Common.DbException) when (!cancellationToken.IsCancellationRequested)
        {
            if (await store.GetVersionAsync(obj, operation.Version, cancellationToken) is null)
            {
                throw;
            }
        }

        await SavePendingAsync(obj, issued, cancellationToken);
        return issued;
    }

    private static AsymmetricAlgorithm PrivateKeyOf(CertificateOperation operation)
    {
        AsymmetricAlgorithm key = KeyTypes.IsRsa(operation.KeyType!) ? RSA.Create() : ECDsa.Create();
        key.ImportPkcs8PrivateKey(operation.PrivateKeyPkcs8, out _);
        return key;
    }

    public async Task<CertificateOperation> CancelOperationAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var pending = await ReadOperationAsync(obj, cancellationToken) ?? throw PendingNotFound(name);
        if (pending.Status == CertificateOperation.InProgress)
        {
            pending = pending with { CancellationRequested = true, Status = CertificateOperation.Cancelled, PrivateKeyPkcs8 = null };
            await SavePendingAsync(obj, pending, cancellationToken);
        }

        return pending;
    }

    public async Task<CertificateOperation> DeleteOperationAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var pending = await ReadOperationAsync(obj, cancellationToken) ?? throw PendingNotFound(name);
        if (await store.GetVersionAsync(obj, null, cancellationToken) is null)
        {
            await SavePendingAsync(obj, pending with { Status = CertificateOperation.Removed, PrivateKeyPkcs8 = null }, cancellationToken);
        }
        else
        {
            await operations.SetPendingAsync(obj, null, cancellationToken);
        }

        return pending;
    }

    public async Task<Certificate> GetAsync(Vault vault, string name, string? version, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        if (!timing.IsImmediate)
        {
            await IssueDueAsync(obj, await ReadOperationAsync(obj, cancellationToken), cancellationToken);
        }

        var stored = await store.GetExistingVersionAsync(obj, version, cancellationToken);
        return Certificate.From(name, stored, await ReadPolicyAsync(obj, cancellationToken));
    }

    /// <summary>A certificate that has a pending operation and no version yet, as Azure still shows it; null otherwise.</summary>
    public async Task<(CertificateOperation Operation, CertificatePolicy? Policy)?> FindPendingOnlyAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        if (await store.GetVersionAsync(obj, null, cancellationToken) is not null
            || await ReadPendingAsync(obj, cancellationToken) is not { Version: not null } pending)
        {
            return null;
        }

        return (pending, await ReadPolicyAsync(obj, cancellationToken));
    }

    /// <summary>Certificates whose first version is still pending, for listings with <c>includePending</c>.</summary>
    public async Task<IReadOnlyList<(string Name, CertificateOperation Operation)>> ListPendingOnlyAsync(Vault vault, CancellationToken cancellationToken)
    {
        var pending = await operations.ListPendingOnlyAsync(vault.Name, ObjectKind.Certificate, cancellationToken);
        return pending
            .Select(p => (p.Name, JsonSerializer.Deserialize(sealer.Open(p.Pending, PendingContext(new ObjectRef(vault.Name, ObjectKind.Certificate, p.Name))),
                CertificateJsonContext.Default.CertificateOperation)!))
            .Where(p => p.Item2.Version is not null)
            .ToList();
    }

    public async Task<CertificatePolicy> GetPolicyAsync(Vault vault, string name, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        return await ReadPolicyAsync(obj, cancellationToken) ?? throw KeyVaultErrors.ObjectNotFound(ObjectKind.Certificate, name);
    }

    /// <summary>Members given replace the stored ones; the result must still be a policy Coffer can issue.</summary>
    public async Task<CertificatePolicy> UpdatePolicyAsync(Vault vault, string name, CertificatePolicy update, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        var current = await GetPolicyAsync(vault, name, cancellationToken);
        var merged = CertificatePolicies.Complete(CertificatePolicies.Merge(current, update), Now());
        merged = merged with { Attributes = merged.Attributes! with { Created = current.Attributes?.Created } };
        if (!await store.SetPolicyAsync(obj, Serialize(merged), cancellationToken))
        {
            throw KeyVaultErrors.ObjectNotFound(ObjectKind.Certificate, name);
        }

        return merged;
    }

    /// <summary>Updates a version's attributes and tags; enabled/nbf/exp go to its key and secret too, as Azure does.</summary>
    public async Task<Certificate> UpdateAsync(Vault vault, string name, string? version, ObjectPatch patch, CertificatePolicy? policy, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        ObjectRules.ValidateTags(patch.Tags);
        var stored = await store.GetExistingVersionAsync(obj, version, cancellationToken);
        var updated = patch.ApplyTo(stored, Now());
        await store.UpdateVersionAsync(obj, updated, cancellationToken);
        var linkedPatch = patch with { Tags = null, ContentType = null };
        foreach (var kind in new[] { ObjectKind.Key, ObjectKind.Secret })
        {
            var linked = obj with { Kind = kind };
            if (await store.GetVersionAsync(linked, stored.Version, cancellationToken) is { } linkedVersion)
            {
                await store.UpdateVersionAsync(linked, linkedPatch.ApplyTo(linkedVersion, Now()), cancellationToken);
            }
        }

        var newPolicy = policy is null ? await ReadPolicyAsync(obj, cancellationToken) : await UpdatePolicyAsync(vault, name, policy, cancellationToken);
        return Certificate.From(name, updated, newPolicy);
    }

    public static CertificatePolicy? DeserializePolicy(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, CertificateJsonContext.Default.CertificatePolicy);

    /// <param name="given">Every certificate of the chain in the order it came, <paramref name="withKey"/> among them.</param>
    private async Task<Certificate> WriteVersionAsync(ObjectRef obj, X509Certificate2 withKey, IReadOnlyList<X509Certificate2> given,
        CertificatePolicy policy, bool? enabled, IReadOnlyDictionary<string, string>? tags, bool? preserveCertOrder, CancellationToken cancellationToken,
        string? version = null)
    {
        var now = Now();
        var versionId = version ?? ObjectName.NewVersion();
        var attributes = new ObjectAttributes(enabled ?? true, ObjectLifecycle.Truncate(withKey.NotBefore.ToUniversalTime()),
            ObjectLifecycle.Truncate(withKey.NotAfter.ToUniversalTime()));
        var contentType = policy.SecretProperties!.ContentType!;
        var cer = withKey.Export(X509ContentType.Cert);
        var certProperties = new CertificateVersionProperties(cer, CertificateFactory.Thumbprint(withKey), contentType, preserveCertOrder);
        var certRef = obj;
        var keyRef = obj with { Kind = ObjectKind.Key };
        var secretRef = obj with { Kind = ObjectKind.Secret };

        var material = CertificateFactory.KeyMaterial(withKey, KeyTypes.IsHsm(policy.KeyProperties!.Kty!));
        var keyProperties = new KeyProperties(material.Kty, material.KeySize, KeyOperations.DefaultsFor(material.Kty), material.PublicOnly(),
            policy.KeyProperties.Exportable, null, Managed: true);
        var secretValue = CertificateFactory.SecretValue(withKey, CertificateChain.Arrange(withKey, given, preserveCertOrder == true), contentType);

        var certVersion = new ObjectVersion(versionId, now, now, attributes, tags, null, sealer.Seal(cer, certRef, versionId), certProperties.Serialize());
        var keyVersion = new ObjectVersion(versionId, now, now, attributes, null, null,
            sealer.Seal(material.Serialize(), keyRef, versionId), keyProperties.Serialize());
        var secretVersion = new ObjectVersion(versionId, now, now, attributes, null, contentType,
            sealer.Seal(Encoding.UTF8.GetBytes(secretValue), secretRef, versionId), SecretVersionProperties.ManagedJson);

        if (await store.AddVersionsAsync([(certRef, certVersion), (keyRef, keyVersion), (secretRef, secretVersion)], cancellationToken) != AddVersionResult.Added)
        {
            throw KeyVaultErrors.DeletedButRecoverable(ObjectKind.Certificate, obj.Name);
        }

        await store.SetPolicyAsync(certRef, Serialize(policy), cancellationToken);
        return new Certificate(obj.Name, certVersion, certProperties, policy);
    }

    /// <summary>The policy an imported certificate implies when the import names none.</summary>
    private static CertificatePolicy PolicyOf(X509Certificate2 certificate, string? value)
    {
        var isEc = certificate.GetECDsaPublicKey() is not null;
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var months = Math.Max(1, (int)Math.Round((certificate.NotAfter - certificate.NotBefore).TotalDays / 30.44));
        return new CertificatePolicy(null,
            new CertificateKeyProperties(true, isEc ? KeyTypes.Ec : KeyTypes.Rsa, isEc ? null : certificate.GetRSAPublicKey()!.KeySize, false,
                isEc ? (certificate.GetECDsaPublicKey()!.KeySize switch { 384 => Curves.P384, 521 => Curves.P521, _ => Curves.P256 }) : null),
            new CertificateSecretProperties(value?.Contains("-----BEGIN", StringComparison.Ordinal) == true ? CertificateContentTypes.Pem : CertificateContentTypes.Pkcs12),
            new X509Properties(certificate.Subject, null,
                san is null ? null : new SubjectAlternativeNames(null, san.EnumerateDnsNames().ToList(), null), null, Math.Min(months, 1200)),
            null, new IssuerParameters(CertificatePolicies.UnknownIssuer, null, null), null);
    }

    private async Task<CertificatePolicy?> ReadPolicyAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        DeserializePolicy(await store.GetPolicyAsync(obj, cancellationToken));

    private async Task<CertificateOperation?> ReadPendingAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        await operations.GetPendingAsync(obj, cancellationToken) is { } sealedPending
            ? JsonSerializer.Deserialize(sealer.Open(sealedPending, PendingContext(obj)), CertificateJsonContext.Default.CertificateOperation)
            : null;

    /// <summary>The operation as the pending endpoints see it: a removed one is gone.</summary>
    private async Task<CertificateOperation?> ReadOperationAsync(ObjectRef obj, CancellationToken cancellationToken) =>
        await ReadPendingAsync(obj, cancellationToken) is { Status: not CertificateOperation.Removed } operation ? operation : null;

    private async Task SavePendingAsync(ObjectRef obj, CertificateOperation operation, CancellationToken cancellationToken)
    {
        var sealedPending = sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(operation, CertificateJsonContext.Default.CertificateOperation), PendingContext(obj));
        if (await operations.SetPendingAsync(obj, sealedPending, cancellationToken) != AddVersionResult.Added)
        {
            throw KeyVaultErrors.DeletedButRecoverable(ObjectKind.Certificate, obj.Name);
        }
    }

    private static string Serialize(CertificatePolicy policy) => JsonSerializer.Serialize(policy, CertificateJsonContext.Default.CertificatePolicy);

    private static string PendingContext(ObjectRef obj) => $"pending:{obj.Vault.ToLowerInvariant()}/{ObjectName.Normalize(obj.Name)}";

    private static KeyVaultException PendingNotFound(string name) =>
        new(404, "PendingCertificateNotFound", $"Pending certificate not found: {name}");

    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw KeyVaultErrors.BadParameter("The merged certificate does not match the pending request's key, or is not a certificate: " + e.Message);
        }
    }

    private DateTimeOffset Now() => ObjectLifecycle.Truncate(time.GetUtcNow());

    private static ObjectRef Ref(Vault vault, string name) => new(vault.Name, ObjectKind.Certificate, ObjectName.Validate(name));
}
