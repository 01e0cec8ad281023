using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Tests;

/// <summary>
/// A security-domain operator: a self-signed certificate and its private key (RSA 2048 or EC P-256), in memory and as
/// the PEM an operator keeps (<see cref="CertificatePem"/>, unencrypted PKCS#8 <see cref="PrivateKeyPem"/>).
/// </summary>
internal sealed class OperatorIdentity : IDisposable
{
    private OperatorIdentity(X509Certificate2 certificate, AsymmetricAlgorithm privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The key that opens this operator's share: <see cref="RSA"/> or <see cref="ECDiffieHellman"/>.</summary>
    public AsymmetricAlgorithm PrivateKey { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string PrivateKeyPem => PrivateKey.ExportPkcs8PrivateKeyPem();

    public static OperatorIdentity Rsa(string name)
    {
        var key = RSA.Create(2048);
        using var certificate = new CertificateRequest($"CN=operator {name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        return new OperatorIdentity(X509CertificateLoader.LoadCertificate(certificate.RawData), key);
    }

    public static OperatorIdentity Ec(string name)
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest($"CN=operator {name}", signer, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        var key = ECDiffieHellman.Create();
        key.ImportPkcs8PrivateKey(signer.ExportPkcs8PrivateKey(), out _);
        return new OperatorIdentity(X509CertificateLoader.LoadCertificate(certificate.RawData), key);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        PrivateKey.Dispose();
    }
}
