namespace Coffer.Core.Certificates;

/// <summary>The two forms a certificate's secret takes.</summary>
public static class CertificateContentTypes
{
    public const string Pkcs12 = "application/x-pkcs12";
    public const string Pem = "application/x-pem-file";
}
