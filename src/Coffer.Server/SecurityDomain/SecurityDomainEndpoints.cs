using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coffer.Core.Backup.SecurityDomain;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.SecurityDomain;

/// <summary>
/// <c>/_coffer/securitydomain</c> (admins only, audited like every management call): download the deployment's backup
/// protection keys as a security domain, upload one, show which keys no domain covers, and make a pair's key ahead of
/// its first backup. Decisions are <see cref="SecurityDomainService"/>'s; this only maps the wire.
/// </summary>
internal static class SecurityDomainEndpoints
{
    public const string Prefix = "/_coffer/securitydomain";

    public static void MapSecurityDomain(this IEndpointRouteBuilder routes)
    {
        var domain = routes.MapGroup(Prefix).WithMetadata(AdminEndpoint.Instance);
        domain.MapPost("/download", DownloadAsync);
        domain.MapPost("/upload", UploadAsync);
        domain.MapGet("/status", async (SecurityDomainService service, CancellationToken cancellationToken) =>
            TypedResults.Json(await service.StatusAsync(cancellationToken), WireJsonContext.Default.SecurityDomainStatus));
        domain.MapPost("/protectionkeys", CreateKeyAsync);
    }

    private static async Task<IResult> DownloadAsync(HttpRequest request, SecurityDomainService service)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.SecurityDomainDownloadParameters);
        if (body.Passphrase is { } passphrase)
        {
            if (body.Certificates is { Count: > 0 } || body.Quorum is not null)
            {
                throw SecurityDomainErrors.BadRequest("A download goes either to certificates with a quorum or to a passphrase, not both.");
            }

            var protectedByPassphrase = await service.DownloadAsync(passphrase, request.HttpContext.RequestAborted);
            return TypedResults.Bytes(SecurityDomainFormat.Write(protectedByPassphrase), "application/json");
        }

        var certificates = (body.Certificates ?? []).Select(Certificate).ToList();
        try
        {
            var document = await service.DownloadAsync(certificates, body.Quorum ?? 0, request.HttpContext.RequestAborted);
            return TypedResults.Bytes(SecurityDomainFormat.Write(document), "application/json");
        }
        finally
        {
            certificates.ForEach(c => c.Dispose());
        }
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, SecurityDomainService service)
    {
        var upload = await SecurityDomainFormat.ReadUploadAsync(request.Body, request.HttpContext.RequestAborted);
        var result = await service.UploadAsync(upload, request.HttpContext.RequestAborted);
        return TypedResults.Json(result, WireJsonContext.Default.SecurityDomainImport);
    }

    private static async Task<IResult> CreateKeyAsync(HttpRequest request, SecurityDomainService service)
    {
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.ProtectionKeyCreateParameters);
        if (string.IsNullOrEmpty(body.SubscriptionId) || string.IsNullOrEmpty(body.Geography))
        {
            throw SecurityDomainErrors.BadRequest("Both subscriptionId and geography are required.");
        }

        var key = await service.CreateKeyAsync(body.SubscriptionId, body.Geography, request.HttpContext.RequestAborted);
        return TypedResults.Json(key, WireJsonContext.Default.ProtectionKeyListing);
    }

    private static X509Certificate2 Certificate(string? base64Der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64Der ?? string.Empty));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw SecurityDomainErrors.BadRequest("Each certificate must be an X.509 certificate, DER encoded in base64.");
        }
    }
}

/// <summary>Body of <c>POST /_coffer/securitydomain/download</c>: the operators' certificates (base64 DER) and the quorum, or a passphrase.</summary>
public sealed record SecurityDomainDownloadParameters(IReadOnlyList<string?>? Certificates, int? Quorum, string? Passphrase = null);

/// <summary>Body of <c>POST /_coffer/securitydomain/protectionkeys</c>; <see cref="Geography"/> may also be a location.</summary>
public sealed record ProtectionKeyCreateParameters(string? SubscriptionId, string? Geography);
