using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;

namespace Coffer.Server.Tls;

/// <summary>
/// The deployment's CA made on first start (one for every node sharing the database), and the server certificate it
/// issues for <c>localhost</c>, <c>*.{suffix}</c>, 127.0.0.1 and ::1. Users trust the CA once; the server certificate
/// is re-issued whenever the names it must cover change, it nears expiry, or another CA issued it.
/// </summary>
public sealed class CertificateAuthority
{
    private const string Setting = "tls-ca";
    private const string Context = "setting:" + Setting;
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);
    private readonly X509Certificate2 _ca;

    private CertificateAuthority(X509Certificate2 ca) => _ca = ca;

    public string CertificatePem => _ca.ExportCertificatePem();

    public X509Certificate2 Certificate => _ca;

    /// <summary>The CA in <paramref name="directory"/>, made there when missing (what <c>coffer cert export</c> reads).</summary>
    public static CertificateAuthority LoadOrCreate(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        var (certPath, keyPath) = Paths(directory);
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            CreateCa(directory, time);
        }

        return new CertificateAuthority(X509Certificate2.CreateFromPemFile(certPath, keyPath));
    }

    /// <summary>
    /// The deployment's one CA, kept sealed in the database so that every node sharing it issues its server certificate
    /// from the same CA: the first node to store one wins (its data directory's CA, or a new one), and every node
    /// writes the stored CA to its <paramref name="directory"/>.
    /// </summary>
    public static async Task<CertificateAuthority> LoadOrCreateSharedAsync(string directory, ISettingStore settings, EnvelopeSealer sealer,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var stored = await settings.GetAsync(Setting, cancellationToken);
        if (stored is null)
        {
            using var local = LoadOrCreate(directory, time)._ca;
            var candidate = Convert.ToBase64String(sealer.Seal(local.Export(X509ContentType.Pkcs12), Context));
            stored = await settings.GetOrAddAsync(Setting, candidate, cancellationToken);
        }

        var ca = X509CertificateLoader.LoadPkcs12(sealer.Open(Convert.FromBase64String(stored), Context), null, X509KeyStorageFlags.Exportable);
        var (certPath, _) = Paths(directory);
        if (!File.Exists(certPath) || Thumbprint(certPath) != ca.Thumbprint)
        {
            Directory.CreateDirectory(directory);
            WriteFiles(directory, ca);
        }

        return new CertificateAuthority(ca);
    }

    private static void CreateCa(string directory, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Coffer Local CA, O=Coffer", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        var (certPath, keyPath) = Paths(directory);
        PrivateFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, ca.ExportCertificatePem());
    }

    private static void WriteFiles(string directory, X509Certificate2 ca)
    {
        var (certPath, keyPath) = Paths(directory);
        using var key = ca.GetECDsaPrivateKey()!;
        PrivateFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, ca.ExportCertificatePem());
    }

    private static string Thumbprint(string certificatePath)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return certificate.Thumbprint;
    }

    private static (string Certificate, string Key) Paths(string directory) => (Path.Combine(directory, "ca.pem"), Path.Combine(directory, "ca.key"));

    /// <summary>The server certificate for these names, re-issued when missing, stale or for other names.</summary>
    public X509Certificate2 ServerCertificate(string directory, string dnsSuffix, IPAddress? bindAddress, TimeProvider time)
    {
        var certPath = Path.Combine(directory, "server.pem");
        var keyPath = Path.Combine(directory, "server.key");
        var names = new[] { "localhost", dnsSuffix, "*." + dnsSuffix };
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        if (bindAddress is not null && !addresses.Contains(bindAddress) && !bindAddress.Equals(IPAddress.Any) && !bindAddress.Equals(IPAddress.IPv6Any))
        {
            addresses.Add(bindAddress);
        }

        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (IsCurrent(existing, names, addresses, time))
            {
                return Reload(existing);
            }

            existing.Dispose();
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=Coffer", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var now = time.GetUtcNow();
        var notAfter = now.AddDays(365) < _ca.NotAfter ? now.AddDays(365) : new DateTimeOffset(_ca.NotAfter);
        using var issued = request.Create(_ca, now.AddDays(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        PrivateFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, issued.ExportCertificatePem());
        return Reload(X509Certificate2.CreateFromPemFile(certPath, keyPath));
    }

    private bool IsCurrent(X509Certificate2 certificate, string[] names, List<IPAddress> addresses, TimeProvider time)
    {
        if (certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime < RenewBefore || certificate.Issuer != _ca.Subject
            || !IssuedByThisCa(certificate))
        {
            return false;
        }

        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return san is not null
            && names.All(name => san.EnumerateDnsNames().Contains(name, StringComparer.OrdinalIgnoreCase))
            && addresses.All(address => san.EnumerateIPAddresses().Contains(address));
    }

    /// <summary>Every Coffer CA has the same subject: a certificate another node's former CA issued names it too.</summary>
    private bool IssuedByThisCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier is { } issuerKey
        && _ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes is { } caKey
        && issuerKey.Span.SequenceEqual(caKey.Span);

    /// <summary>PEM-loaded keys are ephemeral; a PKCS#12 round trip gives SslStream a key it can use on every platform.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
