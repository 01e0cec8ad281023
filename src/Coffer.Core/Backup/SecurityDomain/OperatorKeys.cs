using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Jose;

namespace Coffer.Core.Backup.SecurityDomain;

/// <summary>
/// Encrypts a share to an operator's certificate and decrypts it with the operator's private key, with jose-jwt:
/// RSA keys (2048 bits or more) by RSA-OAEP-256, EC keys (P-256, P-384, P-521) by ECDH-ES+A256KW; content A256GCM.
/// The JWE's protected header binds the share to its document and number.
/// </summary>
public static class OperatorKeys
{
    public const string Rsa = "RSA";
    public const string Ec = "EC";

    private const string DocumentHeader = "coffer-sd";
    private const string IndexHeader = "coffer-share";
    private const int MinRsaBits = 2048;

    public static OperatorCertificateInfo Describe(X509Certificate2 certificate) =>
        new(certificate.Subject, certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(),
            Convert.ToHexStringLower(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())), KeyTypeOf(certificate));

    internal static string Encrypt(X509Certificate2 certificate, string documentId, int index, byte[] share)
    {
        var headers = new Dictionary<string, object> { [DocumentHeader] = documentId, [IndexHeader] = index };
        if (KeyTypeOf(certificate) == Rsa)
        {
            using var rsa = certificate.GetRSAPublicKey()!;
            return JWT.EncodeBytes(share, rsa, JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM, extraHeaders: headers);
        }

        using var ecdh = certificate.GetECDiffieHellmanPublicKey()!;
        return JWT.EncodeBytes(share, ecdh, JweAlgorithm.ECDH_ES_A256KW, JweEncryption.A256GCM, extraHeaders: headers);
    }

    /// <summary>The SHA-256 (hex) of the public key of a PEM private key, to find the share it opens.</summary>
    public static string PublicKeySha256(AsymmetricAlgorithm privateKey) =>
        Convert.ToHexStringLower(SHA256.HashData(privateKey.ExportSubjectPublicKeyInfo()));

    /// <summary>Reads an RSA or EC private key from PEM (PKCS#8, PKCS#1 or SEC1; not encrypted).</summary>
    public static AsymmetricAlgorithm ReadPrivateKey(string pem)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            var ecdh = ECDiffieHellman.Create();
            try
            {
                ecdh.ImportFromPem(pem);
                return ecdh;
            }
            catch (Exception inner) when (inner is ArgumentException or CryptographicException)
            {
                ecdh.Dispose();
                throw new ArgumentException("The file holds no unencrypted RSA or EC private key in PEM.", inner);
            }
        }
    }

    /// <summary>Opens the share of <paramref name="share"/> with <paramref name="privateKey"/>; the format error for anything else.</summary>
    public static RecoveredShare Decrypt(SecurityDomainDocument document, SecurityDomainShare share, AsymmetricAlgorithm privateKey)
    {
        byte[] value;
        IDictionary<string, object> headers;
        try
        {
            headers = JWT.Headers(share.Jwe);
            value = privateKey switch
            {
                RSA rsa => JWT.DecodeBytes(share.Jwe, rsa, JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM),
                ECDiffieHellman ecdh => JWT.DecodeBytes(share.Jwe, ecdh, JweAlgorithm.ECDH_ES_A256KW, JweEncryption.A256GCM),
                _ => throw SecurityDomainErrors.Invalid("only RSA and EC keys open shares."),
            };
        }
        catch (Exception e) when (e is JoseException or CryptographicException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw SecurityDomainErrors.Invalid($"share {share.Index} cannot be decrypted with this key: it was altered or is meant for another key.");
        }

        if (!headers.TryGetValue(DocumentHeader, out var id) || id as string != document.Id
            || !headers.TryGetValue(IndexHeader, out var index) || Convert.ToInt64(index, System.Globalization.CultureInfo.InvariantCulture) != share.Index)
        {
            throw SecurityDomainErrors.Invalid($"share {share.Index} belongs to another document or position.");
        }

        return new RecoveredShare(share.Index, value);
    }

    internal static void CheckUsable(X509Certificate2 certificate)
    {
        switch (KeyTypeOf(certificate))
        {
            case Rsa:
                using (var rsa = certificate.GetRSAPublicKey()!)
                {
                    if (rsa.KeySize < MinRsaBits)
                    {
                        throw SecurityDomainErrors.BadRequest($"The certificate {certificate.Subject} has a {rsa.KeySize}-bit RSA key; at least {MinRsaBits} bits are needed.");
                    }
                }

                break;
            case Ec:
                using (var ecdh = certificate.GetECDiffieHellmanPublicKey()!)
                {
                    if (ecdh.KeySize is not (256 or 384 or 521))
                    {
                        throw SecurityDomainErrors.BadRequest($"The certificate {certificate.Subject} has an EC key on a curve other than P-256, P-384 or P-521.");
                    }
                }

                break;
        }
    }

    private static string KeyTypeOf(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value switch
    {
        "1.2.840.113549.1.1.1" => Rsa,
        "1.2.840.10045.2.1" => Ec,
        _ => throw SecurityDomainErrors.BadRequest($"The certificate {certificate.Subject} has neither an RSA nor an EC public key."),
    };
}
