using Coffer.Core;
using Coffer.Core.Certificates;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Certificates;

/// <summary>Certificates to their wire shapes, with ids (and the kid and sid of the linked key and secret) on the client's host.</summary>
internal static class CertificateMapper
{
    private const string Collection = "certificates";

    public static CertificateBundle Bundle(RequestVault vault, Certificate certificate)
    {
        var (name, version) = (certificate.Name, certificate.Version.Version);
        return new CertificateBundle(
            vault.ObjectId(Collection, name, version),
            vault.ObjectId("keys", name, version),
            vault.ObjectId("secrets", name, version),
            certificate.Properties.X5t,
            Convert.ToBase64String(certificate.Properties.Cer),
            certificate.Properties.ContentType,
            WireAttributes.From(certificate.Version, vault.Vault),
            certificate.Version.Tags,
            certificate.Policy is null ? null : Policy(vault, name, certificate.Policy),
            PreserveCertOrder: certificate.Properties.PreserveCertOrder);
    }

    public static CertificateBundle Bundle(RequestVault vault, ObjectEntry entry) =>
        Bundle(vault, Certificate.From(entry.Name, entry.Latest, CertificateService.DeserializePolicy(entry.Policy)));

    /// <summary>A certificate whose first version is still pending: disabled, with its policy and a link to the operation.</summary>
    public static CertificateBundle PendingBundle(RequestVault vault, string name, CertificateOperation operation, CertificatePolicy? policy)
    {
        var created = (operation.Created ?? DateTimeOffset.UnixEpoch).ToUnixTimeSeconds();
        return new CertificateBundle(
            vault.ObjectId(Collection, name, operation.Version!), null, null, null, null, null,
            new WireAttributes(false, null, null, created, created, vault.Vault.RecoveryLevel, vault.Vault.SoftDeleteRetentionDays),
            operation.Tags,
            policy is null ? null : Policy(vault, name, policy),
            operation.Status == CertificateOperation.Removed ? null : new PendingReference($"{vault.BaseUrl}/{Collection}/{name}/pending"),
            operation.PreserveCertOrder);
    }

    public static CertificateItem PendingItem(RequestVault vault, string name, CertificateOperation operation) =>
        new($"{vault.BaseUrl}/{Collection}/{name}", PendingBundle(vault, name, operation, null).Attributes, operation.Tags, null);

    public static CertificatePolicy Policy(RequestVault vault, string name, CertificatePolicy policy) =>
        policy with { Id = $"{vault.BaseUrl}/{Collection}/{name}/policy" };

    public static CertificateItem Item(RequestVault vault, string name, ObjectVersion version) => new(
        vault.ObjectId(Collection, name, version.Version),
        WireAttributes.From(version, vault.Vault),
        version.Tags,
        CertificateVersionProperties.Deserialize(version.Properties!).X5t);

    public static CertificateItem LatestItem(RequestVault vault, ObjectEntry entry) =>
        Item(vault, entry.Name, entry.Latest) with { Id = $"{vault.BaseUrl}/{Collection}/{entry.Name}" };

    public static DeletedCertificateBundle Deleted(RequestVault vault, ObjectEntry entry)
    {
        var b = Bundle(vault, entry);
        return new DeletedCertificateBundle(b.Id, b.Kid, b.Sid, b.X5t, b.Cer, b.ContentType, b.Attributes, b.Tags, b.Policy,
            vault.DeletedObjectId(Collection, entry.Name),
            entry.Deletion!.DeletedOn.ToUnixTimeSeconds(), entry.Deletion.ScheduledPurgeOn.ToUnixTimeSeconds(), b.PreserveCertOrder);
    }

    public static DeletedCertificateItem DeletedItem(RequestVault vault, ObjectEntry entry)
    {
        var item = LatestItem(vault, entry);
        return new DeletedCertificateItem(item.Id, item.Attributes, item.Tags, item.X5t, vault.DeletedObjectId(Collection, entry.Name),
            entry.Deletion!.DeletedOn.ToUnixTimeSeconds(), entry.Deletion.ScheduledPurgeOn.ToUnixTimeSeconds());
    }

    public static WireCertificateOperation Operation(RequestVault vault, string name, CertificateOperation operation) => new(
        $"{vault.BaseUrl}/{Collection}/{name}/pending",
        new IssuerParameters(operation.IssuerName, null, null),
        operation.Csr is null ? null : Convert.ToBase64String(operation.Csr),
        operation.CancellationRequested,
        operation.Status,
        operation.StatusDetails,
        operation.ErrorCode is null ? null : new WireOperationError(operation.ErrorCode, operation.ErrorMessage ?? operation.ErrorCode),
        operation.Target is null ? null : vault.ObjectId(Collection, name, operation.Target),
        operation.Target ?? name,
        operation.PreserveCertOrder);
}
