using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Coffer.Core.Storage;
using Coffer.Core.Vaults;

namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>
/// Downloads the deployment's backup protection keys as a security domain, uploads one into this deployment, and says
/// which protection keys no security domain covers yet. A key is covered once it was in a downloaded or uploaded
/// domain: the settings <c>security-domain-covered:{key id}</c> (insert-only) record it, and each download leaves a
/// <c>security-domain-download:…</c> record of what it held, written in the same transaction.
/// </summary>
public sealed class SecurityDomainService(ISettingStore settings, BackupProtectionKeyring keyring, TimeProvider time)
{
    private const string CoveredPrefix = "security-domain-covered:";
    private const string DownloadPrefix = "security-domain-download:";

    public async Task<SecurityDomainDocument> DownloadAsync(IReadOnlyList<X509Certificate2> certificates, int quorum, CancellationToken cancellationToken)
    {
        SecurityDomainFormat.CheckShape(certificates.Count, quorum);
        var keys = await ListForDownloadAsync(cancellationToken);
        return await RecordAsync(SecurityDomainFormat.Create(keys, certificates, quorum, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>A download one passphrase opens: for a single operator, weaker than a quorum.</summary>
    public async Task<SecurityDomainDocument> DownloadAsync(string passphrase, CancellationToken cancellationToken)
    {
        var keys = await ListForDownloadAsync(cancellationToken);
        return await RecordAsync(SecurityDomainFormat.CreateWithPassphrase(keys, passphrase, time.GetUtcNow()), cancellationToken);
    }

    private async Task<IReadOnlyList<BackupProtectionKey>> ListForDownloadAsync(CancellationToken cancellationToken)
    {
        var keys = await keyring.ListAsync(cancellationToken);
        return keys.Count > 0 ? keys : throw SecurityDomainErrors.BadRequest(
            "This deployment has no backup protection key yet. Create the key of a (subscription, geography) first, or make a backup.");
    }

    /// <summary>Marks the document's keys covered and records the download, in one transaction (which carries the request's audit record).</summary>
    private async Task<SecurityDomainDocument> RecordAsync(SecurityDomainDocument document, CancellationToken cancellationToken)
    {
        var operators = document.Passphrase is null ? document.Shares.Select(s => s.Certificate.Subject).ToList() : ["passphrase"];
        var record = new SecurityDomainDownload(document.Id, document.Created, document.Quorum, operators, document.ProtectionKeys.Select(k => k.Id).ToList());
        var entries = document.ProtectionKeys.Select(k => (CoveredPrefix + k.Id, document.Id))
            .Append(($"{DownloadPrefix}{document.Created.ToUnixTimeMilliseconds():D15}:{document.Id}",
                JsonSerializer.Serialize(record, SecurityDomainStatusJsonContext.Default.SecurityDomainDownload)))
            .ToList();
        await settings.AddAllAsync(entries, cancellationToken);
        return document;
    }

    /// <summary>
    /// Opens <paramref name="upload"/> and adds its protection keys that this deployment lacks, all in one transaction.
    /// A key it already holds with the same material is left alone (so uploading twice changes nothing); with other
    /// material the whole upload is refused before anything is written.
    /// </summary>
    public async Task<SecurityDomainImport> UploadAsync(SecurityDomainUpload upload, CancellationToken cancellationToken)
    {
        var keys = SecurityDomainFormat.Open(upload.Document, upload.Shares);
        var absent = new List<BackupProtectionKey>();
        foreach (var key in keys)
        {
            if (await keyring.FindAsync(key.Id, cancellationToken) is { } held)
            {
                RefuseOtherMaterial(key, held);
            }
            else
            {
                absent.Add(key);
            }
        }

        var entries = absent.SelectMany(keyring.ImportEntries)
            .Concat(keys.Select(k => (Name: CoveredPrefix + k.Id, Value: upload.Document.Id)))
            .DistinctBy(e => e.Name, StringComparer.Ordinal) // two keys of one pair: the first becomes the pair's key
            .ToList();
        await settings.AddAllAsync(entries, cancellationToken);

        // Another node may have imported the same id meanwhile; the stored key must still be this one.
        foreach (var key in absent)
        {
            RefuseOtherMaterial(key, await keyring.FindAsync(key.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Backup protection key {key.Id} was imported but cannot be read back."));
        }

        return new SecurityDomainImport(upload.Document.Id, absent.Select(Listing).ToList(), keys.Except(absent).Select(Listing).ToList());
    }

    public async Task<SecurityDomainStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var keys = await keyring.ListAsync(cancellationToken);
        var covered = (await settings.ListAsync(CoveredPrefix, cancellationToken)).Select(e => e.Name[CoveredPrefix.Length..]).ToHashSet(StringComparer.Ordinal);
        var downloads = await settings.ListAsync(DownloadPrefix, cancellationToken);
        var last = downloads.Count == 0 ? null : JsonSerializer.Deserialize(downloads[^1].Value, SecurityDomainStatusJsonContext.Default.SecurityDomainDownload);
        return new SecurityDomainStatus(last, keys.Select(k => new ProtectionKeyCoverage(k.Id, k.SubscriptionId, k.Geography, covered.Contains(k.Id))).ToList());
    }

    /// <summary>Makes the protection key of a (subscription, geography) before its first backup, so a domain can hold it; the existing one if made.</summary>
    public async Task<ProtectionKeyListing> CreateKeyAsync(string subscriptionId, string geographyOrLocation, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscriptionId, out var subscription))
        {
            throw SecurityDomainErrors.BadRequest($"The subscription id '{subscriptionId}' is not a GUID.");
        }

        var key = await keyring.GetOrCreateAsync(subscription.ToString("D"), GeographyOf(geographyOrLocation), cancellationToken);
        return Listing(key);
    }

    private static string GeographyOf(string geographyOrLocation) =>
        Geographies.Resolve(geographyOrLocation) ?? throw SecurityDomainErrors.BadRequest(
            $"'{geographyOrLocation}' is neither a geography (such as US or Europe) nor an Azure location (such as eastus).");

    private static void RefuseOtherMaterial(BackupProtectionKey given, BackupProtectionKey held)
    {
        if (!CryptographicOperations.FixedTimeEquals(given.Key, held.Key)
            || !string.Equals(given.SubscriptionId, held.SubscriptionId, StringComparison.OrdinalIgnoreCase) || given.Geography != held.Geography)
        {
            throw SecurityDomainErrors.KeyConflict(given.Id);
        }
    }

    private static ProtectionKeyListing Listing(BackupProtectionKey key) => new(key.Id, key.SubscriptionId, key.Geography);
}
