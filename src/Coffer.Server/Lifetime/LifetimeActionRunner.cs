using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Certificates;
using Coffer.Core.Errors;
using Coffer.Core.Keys;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;
using Coffer.Server.Audit;
using Coffer.Server.Hosting;

namespace Coffer.Server.Lifetime;

/// <summary>
/// One pass over every vault: a key whose rotation policy's Rotate action is due gets a new version as
/// <c>POST /keys/{name}/rotate</c> makes it; a self-issued certificate whose AutoRenew action is due gets its next version
/// as a create from its policy makes it. Due is judged on the current (latest) version by the server's clock; disabled
/// current versions are left alone. The new version's id is <see cref="ObjectName.Successor"/> of the current one, so a
/// second node or a retried pass acting on the same version is refused by the store's unique (object, version). Each
/// action is audited as the request would be (KeyRotate, CertificateCreate), by the application <see cref="Identity"/>.
/// Notify and EmailContacts actions are not acted on here.
/// </summary>
internal sealed class LifetimeActionRunner(
    IVaultStore vaults,
    IObjectVersionStore objects,
    KeyService keys,
    CertificateService certificates,
    AuditLog log,
    AuditChain chain,
    Audit.Sinks.AuditSinks sinks,
    CofferOptions options,
    TimeProvider time,
    ILogger<LifetimeActionRunner> logger)
{
    /// <summary>The application id audit entries of lifetime actions carry.</summary>
    public const string Identity = "coffer lifetime actions";

    private const int PageSize = 200;

    /// <summary>Acts on every due action; returns how many new versions it made.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var made = 0;
        foreach (var vault in await vaults.ListAsync(cancellationToken))
        {
            await foreach (var entry in ActiveAsync(vault, ObjectKind.Key, cancellationToken))
            {
                made += await RotateIfDueAsync(vault, entry, cancellationToken) ? 1 : 0;
            }

            await foreach (var entry in ActiveAsync(vault, ObjectKind.Certificate, cancellationToken))
            {
                made += await RenewIfDueAsync(vault, entry, cancellationToken) ? 1 : 0;
            }
        }

        return made;
    }

    private async Task<bool> RotateIfDueAsync(Vault vault, ObjectEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Policy is null || !entry.Latest.Attributes.Enabled || Key.From(entry.Name, entry.Latest).Properties.Managed == true)
        {
            return false;
        }

        var due = Valid(vault, entry, () => RotationPolicy.Deserialize(entry.Policy).Validated().RotationDueOn(entry.Latest));
        return due <= time.GetUtcNow()
            && await ActAsync(vault, entry, "KeyRotate", "key", ObjectKind.Key,
                async () => (await keys.RotateByPolicyAsync(vault, entry.Name, entry.Latest, cancellationToken))?.Version.Version);
    }

    private async Task<bool> RenewIfDueAsync(Vault vault, ObjectEntry entry, CancellationToken cancellationToken)
    {
        if (CertificateService.DeserializePolicy(entry.Policy) is not { } policy || !CertificatePolicies.IsSelfIssued(policy)
            || !entry.Latest.Attributes.Enabled)
        {
            return false;
        }

        var due = Valid(vault, entry, () =>
        {
            CertificatePolicies.ValidateLifetimeActions(policy.LifetimeActions, policy.X509Properties?.ValidityMonths ?? 12);
            return CertificatePolicies.RenewalDueOn(policy, entry.Latest);
        });
        return due <= time.GetUtcNow()
            && await ActAsync(vault, entry, "CertificateCreate", "certificate", ObjectKind.Certificate,
                async () => (await certificates.RenewAsync(vault, entry.Name, entry.Latest, cancellationToken))?.Target);
    }

    /// <summary>The due time a stored policy gives; null (logged) when the policy is one Coffer now refuses, so it never acts in a loop.</summary>
    private DateTimeOffset? Valid(Vault vault, ObjectEntry entry, Func<DateTimeOffset?> dueOn)
    {
        try
        {
            return dueOn();
        }
        catch (KeyVaultException e)
        {
            logger.LogWarning("The lifetime actions of {Name} in vault {Vault} are skipped: its policy is invalid ({Message})", entry.Name, vault.Name, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Makes one new version with its audit record committed in the write's transaction, then records the outcome as the
    /// request auditor does; true when a version was made (false when another node or an earlier pass made it first).
    /// </summary>
    private async Task<bool> ActAsync(Vault vault, ObjectEntry entry, string operation, string objectKind, ObjectKind kind, Func<Task<string?>> act)
    {
        var requestId = Guid.NewGuid().ToString();
        var successor = ObjectName.Successor(entry.Latest.Version);
        AuditEntry Entry(int? status) =>
            new(time.GetUtcNow(), null, Identity, null, vault.Name, operation, objectKind, entry.Name, successor, status, requestId, requestId, null);

        if (options.Audit)
        {
            TransactionAudit.Begin(new TransactionAudit(() => Entry(null), chain, sinks.Configured));
        }

        try
        {
            var made = await act();
            if (made is null)
            {
                return false;
            }

            logger.LogInformation("Lifetime action: {Kind} {Name} in vault {Vault} has a new version {Version} after {Previous}",
                kind, entry.Name, vault.Name, made, entry.Latest.Version);
            await RecordAsync(() => Entry(200));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Lifetime action on {Kind} {Name} in vault {Vault} failed; the next pass tries again", kind, entry.Name, vault.Name);
            await RecordAsync(() => Entry(e is KeyVaultException k ? k.Status : 500));
            return false;
        }
    }

    /// <summary>The outcome is stored before the pass moves on, so a pass that returned has its whole record.</summary>
    private async Task RecordAsync(Func<AuditEntry> entry)
    {
        if (!options.Audit)
        {
            return;
        }

        try
        {
            await log.RecordDurablyAsync(entry(), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The outcome of a lifetime action was not recorded in the audit log");
        }
    }

    private async IAsyncEnumerable<ObjectEntry> ActiveAsync(Vault vault, ObjectKind kind, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        do
        {
            var page = await objects.ListAsync(vault.Name, kind, deleted: false, new PageRequest(PageSize, after), cancellationToken);
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            after = page.Next;
        }
        while (after is not null);
    }
}
