using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Server.Tests;

/// <summary>The Certificates API through the real .NET CertificateClient (Azure.Security.KeyVault.Certificates 4.10.0).</summary>
[Collection(CofferServerGroup.Name)]
public sealed class CertificateClientTests(CofferFixture fixture)
{
    private readonly CertificateClient _client = fixture.CertificateClient();

    private static string NewName() => $"c-{Guid.NewGuid():N}"[..24];

    public static TheoryData<string, int?, string?, string> KeyShapes => new()
    {
        { "RSA", 2048, null, "application/x-pkcs12" },
        { "RSA", 3072, null, "application/x-pem-file" },
        { "EC", null, "P-256", "application/x-pkcs12" },
        { "EC", null, "P-384", "application/x-pem-file" },
    };

    /// <summary>2025-07-01's preserveCertOrder: carried back on the operation, the certificate and a later read of it.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StartCreateCertificate_PreserveCertificateOrder_IsCarriedBackAndKept(bool preserve)
    {
        var name = NewName();

        var operation = await _client.StartCreateCertificateAsync(name, CertificatePolicy.Default, preserveCertificateOrder: preserve);
        KeyVaultCertificateWithPolicy created = await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        KeyVaultCertificateWithPolicy read = await _client.GetCertificateAsync(name);

        Assert.Equal(preserve, operation.Properties.PreserveCertificateOrder);
        Assert.Equal(preserve, created.PreserveCertificateOrder);
        Assert.Equal(preserve, read.PreserveCertificateOrder);
    }

    [Theory]
    [MemberData(nameof(KeyShapes))]
    public async Task StartCreateCertificate_SelfSigned_CompletesWithThePolicysCertificate(string kty, int? size, string? curve, string contentType)
    {
        var name = NewName();
        var sans = new SubjectAlternativeNames { DnsNames = { "coffer.example", "www.coffer.example" }, Emails = { "ops@coffer.example" } };
        var policy = new CertificatePolicy("Self", "CN=coffer.example, O=Coffer", sans)
        {
            KeyType = kty,
            KeySize = size,
            ContentType = contentType,
            ValidityInMonths = 6,
            Exportable = true,
        };

        if (curve is not null)
        {
            policy.KeyCurveName = curve;
        }

        var operation = await _client.StartCreateCertificateAsync(name, policy);
        KeyVaultCertificateWithPolicy created = await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        using X509Certificate2 downloaded = await _client.DownloadCertificateAsync(name);

        Assert.True(downloaded.HasPrivateKey);
        Assert.Equal("CN=coffer.example, O=Coffer", downloaded.Subject);
        var san = downloaded.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["coffer.example", "www.coffer.example"], san.EnumerateDnsNames());
        Assert.InRange((downloaded.NotAfter - downloaded.NotBefore).TotalDays, 175, 190);
        Assert.Equal(created.Properties.X509Thumbprint, downloaded.GetCertHash());
        Assert.Equal(created.Cer, downloaded.RawData);
        Assert.Equal(new Uri($"{fixture.VaultUri()}keys/{name}/{created.Properties.Version}"), created.KeyId);
        Assert.Equal(new Uri($"{fixture.VaultUri()}secrets/{name}/{created.Properties.Version}"), created.SecretId);
        Assert.Equal(contentType, created.Policy.ContentType?.ToString());
        if (kty == "EC")
        {
            using var ecdsa = downloaded.GetECDsaPrivateKey()!;
            Assert.Equal(curve == "P-256" ? 256 : 384, ecdsa.KeySize);
        }
        else
        {
            using var rsa = downloaded.GetRSAPrivateKey()!;
            Assert.Equal(size, rsa.KeySize);
        }
    }

    [Fact]
    public async Task LinkedKeyAndSecret_AreServedUnderTheCertificatesName()
    {
        var name = NewName();
        var operation = await _client.StartCreateCertificateAsync(name, CertificatePolicy.Default);
        KeyVaultCertificateWithPolicy created = await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);

        KeyVaultSecret secret = await fixture.SecretClient().GetSecretAsync(name);
        var key = await fixture.SendAsync("GET", $"/keys/{name}?api-version=7.4", null);

        Assert.Equal("application/x-pkcs12", secret.Properties.ContentType);
        Assert.True(secret.Properties.Managed);
        Assert.Equal(created.KeyId, secret.Properties.KeyId);
        using var pfx = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(secret.Value), null);
        Assert.True(pfx.HasPrivateKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, key.StatusCode);
        Assert.Contains("\"managed\":true", await key.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportCertificate_PfxWithPassword_And_Pem_AreServedBack()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=imported", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfxName = NewName();
        var pemName = NewName();

        KeyVaultCertificateWithPolicy fromPfx = await _client.ImportCertificateAsync(
            new ImportCertificateOptions(pfxName, certificate.Export(X509ContentType.Pkcs12, "pa55")) { Password = "pa55" });
        var pem = System.Text.Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem() + "\n" + certificate.ExportCertificatePem());
        KeyVaultCertificateWithPolicy fromPem = await _client.ImportCertificateAsync(
            new ImportCertificateOptions(pemName, pem) { Policy = new CertificatePolicy("Unknown", "CN=imported") { ContentType = CertificateContentType.Pem } });

        Assert.Equal(certificate.RawData, fromPfx.Cer);
        Assert.Equal(certificate.RawData, fromPem.Cer);
        using X509Certificate2 downloaded = await _client.DownloadCertificateAsync(pemName);
        Assert.True(downloaded.HasPrivateKey);
        Assert.Equal(certificate.Thumbprint, downloaded.Thumbprint);
        Assert.Equal(certificate.NotAfter.ToUniversalTime().ToString("s"), fromPfx.Properties.ExpiresOn!.Value.UtcDateTime.ToString("s"));
    }

    [Fact]
    public async Task ImportCertificate_WrongPasswordOrGarbage_Returns400()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=x", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        var wrongPassword = await Assert.ThrowsAsync<RequestFailedException>(() => _client.ImportCertificateAsync(
            new ImportCertificateOptions(NewName(), certificate.Export(X509ContentType.Pkcs12, "right")) { Password = "wrong" }));
        var garbage = await Assert.ThrowsAsync<RequestFailedException>(() => _client.ImportCertificateAsync(
            new ImportCertificateOptions(NewName(), [1, 2, 3, 4])));
        var noKey = await Assert.ThrowsAsync<RequestFailedException>(() => _client.ImportCertificateAsync(
            new ImportCertificateOptions(NewName(), certificate.Export(X509ContentType.Cert))));

        Assert.All(new[] { wrongPassword, garbage, noKey }, e => Assert.Equal((400, "BadParameter"), (e.Status, e.ErrorCode)));
    }

    [Fact]
    public async Task UpdatePolicy_AndVersions_AndProperties()
    {
        var name = NewName();
        await (await _client.StartCreateCertificateAsync(name, CertificatePolicy.Default)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        var policy = await _client.GetCertificatePolicyAsync(name);
        policy.Value.ValidityInMonths = 3;

        CertificatePolicy updated = await _client.UpdateCertificatePolicyAsync(name, policy);
        await (await _client.StartCreateCertificateAsync(name, updated)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        var versions = new List<CertificateProperties>();
        await foreach (var version in _client.GetPropertiesOfCertificateVersionsAsync(name))
        {
            versions.Add(version);
        }

        var latest = (await _client.GetCertificateAsync(name)).Value;
        latest.Properties.Tags["team"] = "a";
        latest.Properties.Enabled = false;
        CertificateProperties changed = (await _client.UpdateCertificatePropertiesAsync(latest.Properties)).Value.Properties;

        Assert.Equal(3, updated.ValidityInMonths);
        Assert.Equal(2, versions.Count);
        Assert.InRange((latest.Properties.ExpiresOn!.Value - latest.Properties.NotBefore!.Value).TotalDays, 85, 95);
        Assert.Equal("a", changed.Tags["team"]);
        Assert.False(changed.Enabled);
        var secret = await Assert.ThrowsAsync<RequestFailedException>(() => fixture.SecretClient().GetSecretAsync(name));
        Assert.Equal(403, secret.Status);
    }

    [Fact]
    public async Task DeleteRecoverPurge_TakesTheKeyAndSecretAlong()
    {
        var name = NewName();
        await (await _client.StartCreateCertificateAsync(name, CertificatePolicy.Default)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);

        DeletedCertificate deleted = await (await _client.StartDeleteCertificateAsync(name)).WaitForCompletionAsync();
        Assert.Equal(new Uri($"{fixture.VaultUri()}deletedcertificates/{name}"), deleted.RecoveryId);
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => fixture.SecretClient().GetSecretAsync(name))).Status);

        await (await _client.StartRecoverDeletedCertificateAsync(name)).WaitForCompletionAsync();
        Assert.NotNull((await fixture.SecretClient().GetSecretAsync(name)).Value.Value);

        await (await _client.StartDeleteCertificateAsync(name)).WaitForCompletionAsync();
        await _client.PurgeDeletedCertificateAsync(name);
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetDeletedCertificateAsync(name));
        Assert.Equal((404, "CertificateNotFound"), (gone.Status, gone.ErrorCode));
        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => fixture.SecretClient().GetDeletedSecretAsync(name))).Status);
    }

    [Fact]
    public async Task Create_WhileSoftDeleted_Returns409_Missing_Returns404()
    {
        var name = NewName();
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => _client.GetCertificateAsync(name));
        await (await _client.StartCreateCertificateAsync(name, CertificatePolicy.Default)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        await (await _client.StartDeleteCertificateAsync(name)).WaitForCompletionAsync();

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => _client.StartCreateCertificateAsync(name, CertificatePolicy.Default));

        Assert.Equal((404, "CertificateNotFound"), (missing.Status, missing.ErrorCode));
        Assert.Equal((409, "Conflict"), (conflict.Status, conflict.ErrorCode));
    }

    [Fact]
    public async Task UnknownIssuer_StaysPending_UntilMergedWithACaSignedCertificate()
    {
        var name = NewName();
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        var operation = await _client.StartCreateCertificateAsync(name, new CertificatePolicy("Unknown", "CN=merged.example"));
        await operation.UpdateStatusAsync();
        Assert.False(operation.HasCompleted);
        var csr = operation.Properties.Csr;
        var signingRequest = CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        using var signed = signingRequest.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMonths(6), RandomNumberGenerator.GetBytes(8));

        KeyVaultCertificateWithPolicy merged = await _client.MergeCertificateAsync(new MergeCertificateOptions(name, [signed.RawData, ca.RawData]));
        using X509Certificate2 downloaded = await _client.DownloadCertificateAsync(name);

        Assert.Equal(signed.RawData, merged.Cer);
        Assert.True(downloaded.HasPrivateKey);
        Assert.Equal("CN=Test CA", downloaded.Issuer);
        await operation.UpdateStatusAsync();
        Assert.True(operation.HasCompleted);
    }

    [Fact]
    public async Task Merge_CertificateOfAnotherKey_Returns400()
    {
        var name = NewName();
        await _client.StartCreateCertificateAsync(name, new CertificatePolicy("Unknown", "CN=x"));
        using var other = RSA.Create(2048);
        using var stranger = new CertificateRequest("CN=x", other, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _client.MergeCertificateAsync(new MergeCertificateOptions(name, [stranger.RawData])));

        Assert.Equal((400, "BadParameter"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task CancelAndDeletePendingOperation()
    {
        var name = NewName();
        var operation = await _client.StartCreateCertificateAsync(name, new CertificatePolicy("Unknown", "CN=x"));

        await operation.CancelAsync();
        await operation.UpdateStatusAsync();
        Assert.Equal("cancelled", operation.Properties.Status);
        await operation.DeleteAsync();

        var pending = await fixture.SendAsync("GET", $"/certificates/{name}/pending?api-version=7.4", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, pending.StatusCode);
    }

    [Fact]
    public async Task ListCertificates_ShowsCreatedOnes()
    {
        var name = NewName();
        await (await _client.StartCreateCertificateAsync(name, CertificatePolicy.Default)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);

        var names = new List<string>();
        await foreach (var certificate in _client.GetPropertiesOfCertificatesAsync())
        {
            names.Add(certificate.Name);
        }

        Assert.Contains(name, names);
    }
}
