using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Coffer.Core.Errors;
using Coffer.Core.Keys;

namespace Coffer.Core.Certificates;

/// <summary>
/// Makes certificates from policies with System.Security.Cryptography: keys, X.509 requests with the
/// policy's subject, SANs, key usage and EKUs, self-signed certificates and CSRs; and turns a
/// certificate with its key into the secret Key Vault serves (PKCS#12 or PEM) and back.
/// </summary>
public sealed class CertificateFactory(KeyGenerator keys)
{
    public async Task<AsymmetricAlgorithm> CreateKeyAsync(CertificatePolicy policy, CancellationToken cancellationToken)
    {
        var props = policy.KeyProperties!;
        var material = await keys.GenerateAsync(props.Kty!, props.KeySize, null, props.Crv, cancellationToken);
        return KeyTypes.IsRsa(material.Kty) ? material.ToRsa() : material.ToEcdsa();
    }

    public static CertificateRequest Request(CertificatePolicy policy, AsymmetricAlgorithm key)
    {
        var x509 = policy.X509Properties!;
        var subject = ParseSubject(x509.Subject);
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashFor(ecdsa)),
            _ => throw new ArgumentException("Unsupported key.", nameof(key)),
        };

        if (x509.Sans is { } sans && (sans.DnsNames?.Count ?? 0) + (sans.Emails?.Count ?? 0) + (sans.Upns?.Count ?? 0) > 0)
        {
            var builder = new SubjectAlternativeNameBuilder();
            foreach (var dns in sans.DnsNames ?? [])
            {
                builder.AddDnsName(dns);
            }

            foreach (var email in sans.Emails ?? [])
            {
                builder.AddEmailAddress(email);
            }

            foreach (var upn in sans.Upns ?? [])
            {
                builder.AddUserPrincipalName(upn);
            }

            request.CertificateExtensions.Add(builder.Build());
        }

        var usage = (x509.KeyUsage ?? []).Aggregate(X509KeyUsageFlags.None, (flags, name) => flags | KeyUsageFlag(name));
        if (usage != X509KeyUsageFlags.None)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        }

        if (x509.Ekus is { Count: > 0 } ekus)
        {
            var oids = new OidCollection();
            foreach (var eku in ekus)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    public static X509Certificate2 SelfSign(CertificatePolicy policy, AsymmetricAlgorithm key, DateTimeOffset now) =>
        Request(policy, key).CreateSelfSigned(now.AddMinutes(-5), now.AddMonths(policy.X509Properties!.ValidityMonths!.Value));

    public static byte[] SigningRequest(CertificatePolicy policy, AsymmetricAlgorithm key) => Request(policy, key).CreateSigningRequest();

    /// <summary>The secret's value: base64 PKCS#12 (no password) or PEM (private key, then the certificates), in <paramref name="ordered"/>'s order.</summary>
    /// <param name="ordered">Every certificate of the chain, <paramref name="withKey"/> among them (<see cref="CertificateChain.Arrange"/>).</param>
    public static string SecretValue(X509Certificate2 withKey, IReadOnlyList<X509Certificate2> ordered, string contentType)
    {
        if (contentType == CertificateContentTypes.Pem)
        {
            var pem = new StringBuilder();
            pem.AppendLine(PrivateKeyPem(withKey));
            foreach (var certificate in ordered)
            {
                pem.AppendLine(certificate.ExportCertificatePem());
            }

            return pem.ToString();
        }

        return Convert.ToBase64String(new X509Certificate2Collection(ordered.ToArray()).Export(X509ContentType.Pkcs12)!);
    }

    /// <summary>
    /// Reads an import: base64 PFX (with its password) or PEM text with the private key; 400 otherwise. The leaf is the
    /// certificate of the private key, wherever it stands; <c>Given</c> holds every certificate in the order it came, the leaf among them.
    /// </summary>
    public static (X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Given) Read(string value, string? password, string? contentType)
    {
        try
        {
            if (contentType == CertificateContentTypes.Pem || value.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                var all = new X509Certificate2Collection();
                all.ImportFromPem(value);
                var key = all.FirstOrDefault(c => HoldsKeyOf(c, value)) ?? all.FirstOrDefault();
                var leaf = Reload(key is null ? X509Certificate2.CreateFromPem(value, value) : X509Certificate2.CreateFromPem(key.ExportCertificatePem(), value));
                return (leaf, all.Select(c => c.Thumbprint == leaf.Thumbprint ? leaf : c).ToList());
            }

            var certificates = X509CertificateLoader.LoadPkcs12Collection(Convert.FromBase64String(value), password,
                X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
            var withKey = certificates.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw KeyVaultErrors.BadParameter("The certificate has no private key.");
            return (withKey, certificates.ToList());
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            throw KeyVaultErrors.BadParameter(
                "The certificate could not be read: give base64 PKCS#12 with its password, or PEM with the private key. " + e.Message);
        }
    }

    /// <summary>The certificate's private key as the key material of the linked key.</summary>
    public static JsonWebKeyMaterial KeyMaterial(X509Certificate2 certificate, bool hsm)
    {
        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
            {
                return JsonWebKeyMaterial.FromRsa(Exportable(rsa), hsm ? KeyTypes.RsaHsm : KeyTypes.Rsa);
            }
        }

        if (certificate.GetECDsaPrivateKey() is { } ecdsa)
        {
            using (ecdsa)
            {
                var exportable = Exportable(ecdsa);
                var crv = CurveName(exportable);
                return JsonWebKeyMaterial.FromEcdsa(exportable, hsm ? KeyTypes.EcHsm : KeyTypes.Ec, crv);
            }
        }

        throw KeyVaultErrors.BadParameter("Only RSA and EC certificates with their private key are supported.");
    }

    /// <summary>
    /// A certificate from DER, or from PEM text with or without its armour lines — Azure takes both in
    /// a merge's x5c, and the SDKs' samples send the base64 body of a PEM file.
    /// </summary>
    public static X509Certificate2 LoadLenient(byte[] data)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(data);
        }
        catch (CryptographicException)
        {
            var text = Encoding.ASCII.GetString(data);
            var body = string.Concat(System.Text.RegularExpressions.Regex.Replace(text, "-----[A-Z0-9 ]+-----", "")
                .Where(c => !char.IsWhiteSpace(c)));
            try
            {
                return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(body));
            }
            catch (FormatException)
            {
                throw KeyVaultErrors.BadParameter("An x5c entry is neither DER nor PEM.");
            }
        }
    }

    public static string Thumbprint(X509Certificate2 certificate) =>
        System.Buffers.Text.Base64Url.EncodeToString(certificate.GetCertHash(HashAlgorithmName.SHA1));

    public static X509KeyUsageFlags KeyUsageFlag(string name) => name switch
    {
        "digitalSignature" => X509KeyUsageFlags.DigitalSignature,
        "nonRepudiation" => X509KeyUsageFlags.NonRepudiation,
        "keyEncipherment" => X509KeyUsageFlags.KeyEncipherment,
        "dataEncipherment" => X509KeyUsageFlags.DataEncipherment,
        "keyAgreement" => X509KeyUsageFlags.KeyAgreement,
        "keyCertSign" => X509KeyUsageFlags.KeyCertSign,
        "cRLSign" => X509KeyUsageFlags.CrlSign,
        "encipherOnly" => X509KeyUsageFlags.EncipherOnly,
        "decipherOnly" => X509KeyUsageFlags.DecipherOnly,
        _ => throw KeyVaultErrors.BadParameter($"Unknown key usage '{name}'."),
    };

    private static X500DistinguishedName ParseSubject(string? subject)
    {
        try
        {
            return new X500DistinguishedName(string.IsNullOrWhiteSpace(subject) ? "" : subject);
        }
        catch (CryptographicException)
        {
            throw KeyVaultErrors.BadParameter($"The subject '{subject}' is not a distinguished name such as CN=example.com.");
        }
    }

    private static HashAlgorithmName HashFor(ECDsa ecdsa) => ecdsa.KeySize switch
    {
        > 384 => HashAlgorithmName.SHA512,
        > 256 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA256,
    };

    private static string CurveName(ECDsa ecdsa) => ecdsa.KeySize switch
    {
        256 => Curves.P256,
        384 => Curves.P384,
        521 => Curves.P521,
        _ => throw KeyVaultErrors.BadParameter($"EC certificates on a {ecdsa.KeySize}-bit curve are not supported."),
    };

    private static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using var key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw KeyVaultErrors.BadParameter("The certificate has no private key.");
        return new string(PemEncoding.Write("PRIVATE KEY", ExportPkcs8(key)));
    }

    /// <summary>Keys from PKCS#12 may refuse plain export; an encrypted round trip always works.</summary>
    private static byte[] ExportPkcs8(AsymmetricAlgorithm key)
    {
        var password = "coffer-export";
        var encrypted = key.ExportEncryptedPkcs8PrivateKey(password,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1));
        using AsymmetricAlgorithm copy = key is RSA ? RSA.Create() : ECDsa.Create();
        copy.ImportEncryptedPkcs8PrivateKey(password, encrypted, out _);
        return copy.ExportPkcs8PrivateKey();
    }

    private static RSA Exportable(RSA rsa)
    {
        var copy = RSA.Create();
        copy.ImportPkcs8PrivateKey(ExportPkcs8(rsa), out _);
        return copy;
    }

    private static ECDsa Exportable(ECDsa ecdsa)
    {
        var copy = ECDsa.Create();
        copy.ImportPkcs8PrivateKey(ExportPkcs8(ecdsa), out _);
        return copy;
    }

    /// <summary>Whether the PEM's private key belongs to <paramref name="certificate"/>: a chain given root first has its leaf last.</summary>
    private static bool HoldsKeyOf(X509Certificate2 certificate, string pem)
    {
        try
        {
            using var paired = X509Certificate2.CreateFromPem(certificate.ExportCertificatePem(), pem);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null,
                X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
        }
    }
}
