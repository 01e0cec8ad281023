using System.Security.Cryptography.X509Certificates;

namespace Coffer.Core.Certificates;

/// <summary>
/// The order of an imported or merged certificate's chain in its secret (PKCS#12 or PEM): as given with 2025-07-01's
/// <c>preserveCertOrder</c>, otherwise as Azure arranges it, the leaf at index 0, then its issuer, that one's issuer and
/// so on, then whatever is left in the order given.
/// </summary>
public static class CertificateChain
{
    /// <param name="leaf">The certificate with the private key, one of <paramref name="given"/>.</param>
    /// <param name="given">Every certificate in the order it came.</param>
    public static IReadOnlyList<X509Certificate2> Arrange(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> given, bool preserveOrder)
    {
        if (preserveOrder)
        {
            return given;
        }

        var rest = given.Where(c => c != leaf).ToList();
        var ordered = new List<X509Certificate2> { leaf };
        for (var current = leaf; !IsSelfIssued(current) && rest.Find(c => IssuedBy(current, c)) is { } issuer; current = issuer)
        {
            ordered.Add(issuer);
            rest.Remove(issuer);
        }

        ordered.AddRange(rest);
        return ordered;
    }

    private static bool IsSelfIssued(X509Certificate2 certificate) => IssuedBy(certificate, certificate);

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 issuer) =>
        certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData);
}
