using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Security.KeyVault.Certificates;

namespace Coffer.Server.Tests.Authorization;

/// <summary>Every Certificates API operation (issuers, contacts and the pending operation included), through CertificateClient where it can say it.</summary>
internal static class CertificateOperationCases
{
    private static readonly Lazy<byte[]> Pfx = new(() =>
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=matrix", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.Export(X509ContentType.Pkcs12);
    });

    public static IEnumerable<OperationCase> All() =>
    [
        new("certificates/create", "certificates", "create", (_, caller, name) => caller.Certificates.StartCreateCertificateAsync(name, CertificatePolicy.Default)),
        new("certificates/import", "certificates", "import", (_, caller, name) => caller.Certificates.ImportCertificateAsync(new ImportCertificateOptions(name, Pfx.Value))),
        new("certificates/get", "certificates", "get", Imported((caller, c) => caller.Certificates.GetCertificateAsync(c.Name))),
        new("certificates/getVersion", "certificates", "get", Imported((caller, c) => caller.Certificates.GetCertificateVersionAsync(c.Name, c.Properties.Version))),
        new("certificates/update", "certificates", "update", Imported((caller, c) => caller.Certificates.UpdateCertificatePropertiesAsync(c.Properties))),
        new("certificates/list", "certificates", "list", (_, caller, _) => OperationCase.Drain(caller.Certificates.GetPropertiesOfCertificatesAsync())),
        new("certificates/listVersions", "certificates", "list", Imported((caller, c) => OperationCase.Drain(caller.Certificates.GetPropertiesOfCertificateVersionsAsync(c.Name)))),
        new("certificates/getPolicy", "certificates", "get", Imported((caller, c) => caller.Certificates.GetCertificatePolicyAsync(c.Name))),
        new("certificates/updatePolicy", "certificates", "update", Imported((caller, c) => caller.Certificates.UpdateCertificatePolicyAsync(c.Name, c.Policy))),
        new("certificates/delete", "certificates", "delete", Imported((caller, c) => caller.Certificates.StartDeleteCertificateAsync(c.Name))),
        new("certificates/listDeleted", "certificates", "list", (_, caller, _) => OperationCase.Drain(caller.Certificates.GetDeletedCertificatesAsync())),
        new("certificates/getDeleted", "certificates", "get", Deleted((caller, name) => caller.Certificates.GetDeletedCertificateAsync(name))),
        new("certificates/purge", "certificates", "purge", Deleted((caller, name) => caller.Certificates.PurgeDeletedCertificateAsync(name))),
        new("certificates/recover", "certificates", "recover", Deleted((caller, name) => caller.Certificates.StartRecoverDeletedCertificateAsync(name))),
        new("certificates/backup", "certificates", "backup", Imported((caller, c) => caller.Certificates.BackupCertificateAsync(c.Name))),
        new("certificates/restore", "certificates", "restore", async (admin, caller, name) =>
        {
            var certificate = await ImportAsync(admin, name);
            byte[] blob = await admin.Certificates.BackupCertificateAsync(name);
            await admin.Certificates.StartDeleteCertificateAsync(certificate.Name);
            await admin.Certificates.PurgeDeletedCertificateAsync(name);
            await caller.Certificates.RestoreCertificateBackupAsync(blob);
        }),
        new("certificates/getOperation", "certificates", "get", Pending((caller, name) => caller.Certificates.GetCertificateOperationAsync(name))),
        new("certificates/cancelOperation", "certificates", "update", Pending((caller, name) =>
            caller.SendAsync("PATCH", $"/certificates/{name}/pending", """{"cancellation_requested":true}"""))),
        new("certificates/deleteOperation", "certificates", "update", Pending((caller, name) => caller.SendAsync("DELETE", $"/certificates/{name}/pending"))),
        new("certificates/merge", "certificates", "create", MergeAsync),
        new("certificates/setIssuer", "certificates", "setissuers", (_, caller, name) => caller.Certificates.CreateIssuerAsync(new CertificateIssuer(name, "DigiCert"))),
        new("certificates/updateIssuer", "certificates", "setissuers", Issuer((caller, name) =>
            caller.Certificates.UpdateIssuerAsync(new CertificateIssuer(name, "DigiCert") { AccountId = "acct-2" }))),
        new("certificates/getIssuer", "certificates", "getissuers", Issuer((caller, name) => caller.Certificates.GetIssuerAsync(name))),
        new("certificates/listIssuers", "certificates", "listissuers", Issuer((caller, _) => OperationCase.Drain(caller.Certificates.GetPropertiesOfIssuersAsync()))),
        new("certificates/deleteIssuer", "certificates", "deleteissuers", Issuer((caller, name) => caller.Certificates.DeleteIssuerAsync(name))),
        new("certificates/setContacts", "certificates", "managecontacts", (_, caller, _) => caller.Certificates.SetContactsAsync([new CertificateContact { Email = "ops@example.com" }])),
        new("certificates/getContacts", "certificates", "managecontacts", Contacts(caller => caller.Certificates.GetContactsAsync())),
        new("certificates/deleteContacts", "certificates", "managecontacts", Contacts(caller => caller.Certificates.DeleteContactsAsync())),
    ];

    private static async Task<KeyVaultCertificateWithPolicy> ImportAsync(Actor admin, string name) =>
        await admin.Certificates.ImportCertificateAsync(new ImportCertificateOptions(name, Pfx.Value));

    private static Func<Actor, Actor, string, Task> Imported(Func<Actor, KeyVaultCertificateWithPolicy, Task> act) =>
        async (admin, caller, name) => await act(caller, await ImportAsync(admin, name));

    private static Func<Actor, Actor, string, Task> Deleted(Func<Actor, string, Task> act) => async (admin, caller, name) =>
    {
        await ImportAsync(admin, name);
        await admin.Certificates.StartDeleteCertificateAsync(name);
        await act(caller, name);
    };

    private static Func<Actor, Actor, string, Task> Pending(Func<Actor, string, Task> act) => async (admin, caller, name) =>
    {
        await admin.Certificates.StartCreateCertificateAsync(name, new CertificatePolicy("Unknown", "CN=pending.example"));
        await act(caller, name);
    };

    private static Func<Actor, Actor, string, Task> Issuer(Func<Actor, string, Task> act) => async (admin, caller, name) =>
    {
        await admin.Certificates.CreateIssuerAsync(new CertificateIssuer(name, "DigiCert"));
        await act(caller, name);
    };

    private static Func<Actor, Actor, string, Task> Contacts(Func<Actor, Task> act) => async (admin, caller, _) =>
    {
        await admin.Certificates.SetContactsAsync([new CertificateContact { Email = "ops@example.com" }]);
        await act(caller);
    };

    private static async Task MergeAsync(Actor admin, Actor caller, string name)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Matrix CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var operation = await admin.Certificates.StartCreateCertificateAsync(name, new CertificatePolicy("Unknown", "CN=merged.example"));
        await operation.UpdateStatusAsync();
        var csr = CertificateRequest.LoadSigningRequest(operation.Properties.Csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        using var signed = csr.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMonths(6), RandomNumberGenerator.GetBytes(8));
        await caller.Certificates.MergeCertificateAsync(new MergeCertificateOptions(name, [signed.RawData, ca.RawData]));
    }
}
