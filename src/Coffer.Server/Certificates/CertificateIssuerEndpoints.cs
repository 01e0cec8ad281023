using Coffer.Core.Certificates;
using Coffer.Server.Authorization;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Certificates;

/// <summary>Certificate issuers (<c>/certificates/issuers</c>) and contacts (<c>/certificates/contacts</c>).</summary>
internal static class CertificateIssuerEndpoints
{
    public static void MapCertificateIssuers(this IEndpointRouteBuilder routes)
    {
        var issuers = routes.MapGroup("/certificates/issuers").WithMetadata(DataPlaneEndpoint.Instance);
        issuers.MapGet("/", ListAsync).Requires("certificates", "listissuers");
        issuers.MapPut("/{name}", async (string name, HttpRequest request, RequestVault vault, CertificateIssuerService service) =>
            Issuer(vault, name, await service.SetAsync(vault.Vault, name,
                await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificateIssuer), request.HttpContext.RequestAborted))).Requires("certificates", "setissuers");
        issuers.MapPatch("/{name}", async (string name, HttpRequest request, RequestVault vault, CertificateIssuerService service) =>
            Issuer(vault, name, await service.UpdateAsync(vault.Vault, name,
                await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificateIssuer), request.HttpContext.RequestAborted))).Requires("certificates", "setissuers");
        issuers.MapGet("/{name}", async (string name, RequestVault vault, CertificateIssuerService service, CancellationToken cancellationToken) =>
            Issuer(vault, name, await service.GetAsync(vault.Vault, name, cancellationToken))).Requires("certificates", "getissuers");
        issuers.MapDelete("/{name}", async (string name, RequestVault vault, CertificateIssuerService service, CancellationToken cancellationToken) =>
            Issuer(vault, name, await service.DeleteAsync(vault.Vault, name, cancellationToken))).Requires("certificates", "deleteissuers");

        var contacts = routes.MapGroup("/certificates/contacts").WithMetadata(DataPlaneEndpoint.Instance);
        contacts.MapPut("/", async (HttpRequest request, RequestVault vault, CertificateIssuerService service) =>
            Contacts(vault, await service.SetContactsAsync(vault.Vault,
                await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificateContacts), request.HttpContext.RequestAborted))).Requires("certificates", "managecontacts");
        contacts.MapGet("/", async (RequestVault vault, CertificateIssuerService service, CancellationToken cancellationToken) =>
            Contacts(vault, await service.GetContactsAsync(vault.Vault, cancellationToken))).Requires("certificates", "managecontacts");
        contacts.MapDelete("/", async (RequestVault vault, CertificateIssuerService service, CancellationToken cancellationToken) =>
            Contacts(vault, await service.DeleteContactsAsync(vault.Vault, cancellationToken))).Requires("certificates", "managecontacts");
    }

    private static async Task<IResult> ListAsync(RequestVault vault, CertificateIssuerService service, CancellationToken cancellationToken)
    {
        var issuers = await service.ListAsync(vault.Vault, cancellationToken);
        var items = issuers.Select(i => new CertificateIssuerItem(IssuerId(vault, i.Name), i.Issuer.Provider)).ToList();
        return TypedResults.Json(new ListResult<CertificateIssuerItem>(items, null), WireJsonContext.Default.ListResultCertificateIssuerItem);
    }

    /// <summary>An issuer as served: with its id, never with its password.</summary>
    private static IResult Issuer(RequestVault vault, string name, CertificateIssuer issuer) =>
        TypedResults.Json(issuer with
        {
            Id = IssuerId(vault, name),
            Credentials = issuer.Credentials is null ? null : issuer.Credentials with { Password = null },
        }, WireJsonContext.Default.CertificateIssuer);

    private static IResult Contacts(RequestVault vault, CertificateContacts contacts) =>
        TypedResults.Json(contacts with { Id = $"{vault.BaseUrl}/certificates/contacts" }, WireJsonContext.Default.CertificateContacts);

    private static string IssuerId(RequestVault vault, string name) => $"{vault.BaseUrl}/certificates/issuers/{name}";
}

public sealed record CertificateIssuerItem(
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("provider")] string? Provider);
