using System.Security.Cryptography;
using Coffer.Core.Keys;
using Coffer.Core.Vaults;

namespace Coffer.Core.Certificates;

/// <summary>A certificate's next version made by its policy (AutoRenew) rather than a request, and the key a next version gets.</summary>
public sealed partial class CertificateService
{
    /// <summary>
    /// An AutoRenew of a self-issued certificate's <paramref name="current"/> version: the next version, made from the stored
    /// policy as a create makes it (a new key unless reuse_key), under the id <see cref="ObjectName.Successor"/> gives. Null when
    /// that version exists (another node or an earlier pass made it), or when an operation is in progress (a create, a merge awaited).
    /// </summary>
    public async Task<CertificateOperation?> RenewAsync(Vault vault, string name, ObjectVersion current, CancellationToken cancellationToken)
    {
        var obj = Ref(vault, name);
        if (await ReadPolicyAsync(obj, cancellationToken) is not { } policy || !CertificatePolicies.IsSelfIssued(policy)
            || await ReadPendingAsync(obj, cancellationToken) is { Status: CertificateOperation.InProgress })
        {
            return null;
        }

        var successor = ObjectName.Successor(current.Version);
        using var key = await NextKeyAsync(obj, policy, cancellationToken);
        try
        {
            return await IssueSelfSignedAsync(obj, policy, key, null, null, null, successor, cancellationToken);
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

    private async Task<CertificateOperation> IssueSelfSignedAsync(ObjectRef obj, CertificatePolicy policy, AsymmetricAlgorithm key, bool? enabled,
        IReadOnlyDictionary<string, string>? tags, bool? preserveCertOrder, string? version, CancellationToken cancellationToken)
    {
        using var certificate = CertificateFactory.SelfSign(policy, key, Now());
        var written = await WriteVersionAsync(obj, certificate, [certificate], policy, enabled, tags, preserveCertOrder, cancellationToken, version);
        var done = new CertificateOperation(CertificateOperation.Completed, policy.Issuer!.Name!, CertificateFactory.SigningRequest(policy, key),
            false, written.Version.Version, null, null, null, null, null, null, null, PreserveCertOrder: preserveCertOrder);
        await SavePendingAsync(obj, done, cancellationToken);
        return done;
    }

    /// <summary>The key of a certificate's next version: with reuse_key, the current version's while it still has the policy's type, size and curve; else a new one.</summary>
    private async Task<AsymmetricAlgorithm> NextKeyAsync(ObjectRef obj, CertificatePolicy policy, CancellationToken cancellationToken)
    {
        var props = policy.KeyProperties!;
        var keyRef = obj with { Kind = ObjectKind.Key };
        if (props.ReuseKey == true && await store.GetVersionAsync(keyRef, null, cancellationToken) is { } current)
        {
            var json = sealer.Open(current.SealedMaterial, keyRef, current.Version);
            var material = JsonWebKeyMaterial.Deserialize(json);
            CryptographicOperations.ZeroMemory(json);
            try
            {
                if (KeyTypes.IsRsa(material.Kty) == KeyTypes.IsRsa(props.Kty!) && material.KeySize == props.KeySize && material.Crv == props.Crv)
                {
                    return KeyTypes.IsRsa(material.Kty) ? material.ToRsa() : material.ToEcdsa();
                }
            }
            finally
            {
                material.ZeroPrivateParts();
            }
        }

        return await factory.CreateKeyAsync(policy, cancellationToken);
    }
}
