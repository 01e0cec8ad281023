using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;

namespace Coffer.Server.Tests;

/// <summary>
/// The chain's order in the certificate's secret after an import or a merge: as given with preserveCertOrder,
/// otherwise leaf, intermediate, root as Azure arranges it. Chains are given root first, leaf last.
/// </summary>
[Collection(CofferServerGroup.Name)]
public sealed class CertificateChainOrderTests(CofferFixture fixture)
{
    private const string Pkcs12 = "application/x-pkcs12";
    private const string Pem = "application/x-pem-file";

    private readonly CertificateClient _client = fixture.CertificateClient();
    private readonly SecretClient _secrets = fixture.SecretClient();

    private static string NewName() => $"o-{Guid.NewGuid():N}"[..24];

    [Theory]
    [InlineData(Pkcs12, true)]
    [InlineData(Pkcs12, false)]
    [InlineData(Pem, true)]
    [InlineData(Pem, false)]
    public async Task ImportCertificate_ChainRootFirst_SecretKeepsOrArrangesIt(string contentType, bool preserve)
    {
        using var chain = Chain.Create();
        using var leafKey = RSA.Create(2048);
        using var leaf = chain.Issue("CN=leaf.coffer.example", leafKey);
        var name = NewName();
        var given = new[] { chain.Root, chain.Intermediate, leaf };
        var options = new ImportCertificateOptions(name, Encode(given, leaf, contentType))
        {
            Policy = new CertificatePolicy(WellKnownIssuerNames.Unknown, "CN=leaf.coffer.example") { ContentType = contentType, Exportable = true },
            PreserveCertificateOrder = preserve,
        };

        KeyVaultCertificateWithPolicy imported = await _client.ImportCertificateAsync(options);
        KeyVaultSecret secret = await _secrets.GetSecretAsync(name);

        Assert.Equal(leaf.RawData, imported.Cer);
        Assert.Equal(preserve, imported.PreserveCertificateOrder);
        Assert.Equal(Subjects(preserve ? given : [leaf, chain.Intermediate, chain.Root]), Subjects(Decode(secret.Value, contentType)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MergeCertificate_ChainRootFirst_SecretKeepsOrArrangesIt(bool preserve)
    {
        using var chain = Chain.Create();
        var name = NewName();
        var policy = new CertificatePolicy(WellKnownIssuerNames.Unknown, "CN=merged.coffer.example") { ContentType = Pkcs12 };
        var operation = await _client.StartCreateCertificateAsync(name, policy, preserveCertificateOrder: preserve);
        using var leaf = chain.Sign(operation.Properties.Csr);
        X509Certificate2[] given = [chain.Root, chain.Intermediate, leaf];

        KeyVaultCertificateWithPolicy merged = await _client.MergeCertificateAsync(new MergeCertificateOptions(name, given.Select(c => c.RawData)));
        KeyVaultSecret secret = await _secrets.GetSecretAsync(name);

        Assert.Equal(leaf.RawData, merged.Cer);
        Assert.Equal(Subjects(preserve ? given : [leaf, chain.Intermediate, chain.Root]), Subjects(Decode(secret.Value, Pkcs12)));
    }

    private static byte[] Encode(X509Certificate2[] given, X509Certificate2 leaf, string contentType)
    {
        using var key = leaf.GetRSAPrivateKey()!;
        if (contentType == Pem)
        {
            var pem = string.Concat(given.Select(c => c.ExportCertificatePem() + "\n")) + key.ExportPkcs8PrivateKeyPem();
            return System.Text.Encoding.ASCII.GetBytes(pem);
        }

        return new X509Certificate2Collection(given).Export(X509ContentType.Pkcs12)!;
    }

    private static X509Certificate2Collection Decode(string value, string contentType)
    {
        if (contentType == Pem)
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(value);
            return collection;
        }

        return X509CertificateLoader.LoadPkcs12Collection(Convert.FromBase64String(value), null);
    }

    private static string[] Subjects(IEnumerable<X509Certificate2> certificates) => [.. certificates.Select(c => c.Subject)];

    /// <summary>A root CA and an intermediate it signed, which issues leaves. Both are served without their private keys.</summary>
    private sealed class Chain : IDisposable
    {
        private readonly X509Certificate2 _signer;

        private Chain(X509Certificate2 root, X509Certificate2 signer) =>
            (Root, Intermediate, _signer) = (root, X509CertificateLoader.LoadCertificate(signer.RawData), signer);

        public X509Certificate2 Root { get; }

        public X509Certificate2 Intermediate { get; }

        public static Chain Create()
        {
            using var rootKey = RSA.Create(2048);
            using var root = CaRequest("CN=Coffer Test Root", rootKey).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
            using var intermediateKey = RSA.Create(2048);
            using var intermediate = CaRequest("CN=Coffer Test Intermediate", intermediateKey)
                .Create(root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3, 4]);
            return new Chain(X509CertificateLoader.LoadCertificate(root.RawData), intermediate.CopyWithPrivateKey(intermediateKey));
        }

        public X509Certificate2 Issue(string subject, RSA key)
        {
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var issued = request.Create(_signer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMonths(6), [5, 6, 7, 8]);
            return issued.CopyWithPrivateKey(key);
        }

        public X509Certificate2 Sign(byte[] csr)
        {
            var request = CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions,
                RSASignaturePadding.Pkcs1);
            return request.Create(_signer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMonths(6), [9, 10, 11, 12]);
        }

        public void Dispose()
        {
            Root.Dispose();
            Intermediate.Dispose();
            _signer.Dispose();
        }

        private static CertificateRequest CaRequest(string subject, RSA key)
        {
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            return request;
        }
    }
}
