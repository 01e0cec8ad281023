using Coffer.Core;
using Coffer.Core.Certificates;
using Coffer.Core.Errors;
using Coffer.Server.Objects;
using Coffer.Server.Authorization;
using Coffer.Server.Vaults;
using Coffer.Server.Wire;

namespace Coffer.Server.Certificates;

/// <summary>The Certificates API of Key Vault (certificates.json): create as a long-running operation, import, merge, policy, versions, soft delete.</summary>
internal static class CertificateEndpoints
{
    public static void MapCertificates(this IEndpointRouteBuilder routes)
    {
        var certificates = routes.MapGroup("/certificates").WithMetadata(DataPlaneEndpoint.Instance);
        certificates.MapPost("/{name}/create", CreateAsync).Requires("certificates", "create");
        certificates.MapPost("/{name}/import", ImportAsync).Requires("certificates", "import");
        certificates.MapGet("/{name}/pending", GetOperationAsync).Requires("certificates", "get");
        certificates.MapPatch("/{name}/pending", UpdateOperationAsync).Requires("certificates", "update");
        certificates.MapDelete("/{name}/pending", DeleteOperationAsync).Requires("certificates", "update");
        certificates.MapPost("/{name}/pending/merge", MergeAsync).Requires("certificates", "create");
        certificates.MapGet("/{name}/policy", GetPolicyAsync).Requires("certificates", "get");
        certificates.MapPatch("/{name}/policy", UpdatePolicyAsync).Requires("certificates", "update");
        certificates.MapGet("/{name}/{version?}", GetAsync).Requires("certificates", "get");
        certificates.MapPatch("/{name}/{version?}", UpdateAsync).Requires("certificates", "update");

        new ListingEndpoints<CertificateItem>(ObjectKind.Certificate, CertificateMapper.LatestItem, CertificateMapper.Item,
            WireJsonContext.Default.ListResultCertificateItem, PendingItemsAsync).Map(routes);
        new SoftDeleteEndpoints<DeletedCertificateBundle, DeletedCertificateItem, CertificateBundle>(
            ObjectKind.Certificate,
            CertificateMapper.Deleted, WireJsonContext.Default.DeletedCertificateBundle,
            CertificateMapper.DeletedItem, WireJsonContext.Default.ListResultDeletedCertificateItem,
            CertificateMapper.Bundle, WireJsonContext.Default.CertificateBundle).Map(routes);
    }

    private static async Task<IResult> CreateAsync(string name, HttpRequest request, RequestVault vault, CertificateService certificates)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificateCreateParameters);
        var operation = await certificates.CreateAsync(vault.Vault, name, body.Policy, body.Attributes?.Enabled, body.Tags, body.PreserveCertOrder,
            request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers.Location = $"{vault.BaseUrl}/certificates/{name}/pending?api-version={vault.ApiVersion}";
        request.HttpContext.Response.Headers.RetryAfter = "1";
        return TypedResults.Json(CertificateMapper.Operation(vault, name, operation), WireJsonContext.Default.WireCertificateOperation,
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ImportAsync(string name, HttpRequest request, RequestVault vault, CertificateService certificates)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificateImportParameters);
        var certificate = await certificates.ImportAsync(vault.Vault, name,
            body.Value ?? throw KeyVaultErrors.BadParameter("The certificate (value) is required."),
            body.Password, body.Policy, body.Attributes?.Enabled, body.Tags, body.PreserveCertOrder, request.HttpContext.RequestAborted);
        return Bundle(vault, certificate);
    }

    private static async Task<IResult> MergeAsync(string name, HttpRequest request, RequestVault vault, CertificateService certificates)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificateMergeParameters);
        var certificate = await certificates.MergeAsync(vault.Vault, name, body.X5c ?? [], body.Attributes?.Enabled, body.Tags, request.HttpContext.RequestAborted);
        return TypedResults.Json(CertificateMapper.Bundle(vault, certificate), WireJsonContext.Default.CertificateBundle, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetOperationAsync(string name, RequestVault vault, CertificateService certificates, CancellationToken cancellationToken) =>
        Operation(vault, name, await certificates.GetOperationAsync(vault.Vault, name, cancellationToken));

    private static async Task<IResult> UpdateOperationAsync(string name, HttpRequest request, RequestVault vault, CertificateService certificates)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificateOperationUpdate);
        var operation = body.CancellationRequested == true
            ? await certificates.CancelOperationAsync(vault.Vault, name, request.HttpContext.RequestAborted)
            : await certificates.GetOperationAsync(vault.Vault, name, request.HttpContext.RequestAborted);
        return Operation(vault, name, operation);
    }

    private static async Task<IResult> DeleteOperationAsync(string name, RequestVault vault, CertificateService certificates, CancellationToken cancellationToken) =>
        Operation(vault, name, await certificates.DeleteOperationAsync(vault.Vault, name, cancellationToken));

    private static async Task<IResult> GetPolicyAsync(string name, RequestVault vault, CertificateService certificates, CancellationToken cancellationToken) =>
        Policy(vault, name, await certificates.GetPolicyAsync(vault.Vault, name, cancellationToken));

    private static async Task<IResult> UpdatePolicyAsync(string name, HttpRequest request, RequestVault vault, CertificateService certificates)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificatePolicy);
        return Policy(vault, name, await certificates.UpdatePolicyAsync(vault.Vault, name, body, request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> GetAsync(string name, string? version, RequestVault vault, CertificateService certificates, CancellationToken cancellationToken)
    {
        version = string.IsNullOrEmpty(version) ? null : version;
        try
        {
            return Bundle(vault, await certificates.GetAsync(vault.Vault, name, version, cancellationToken));
        }
        catch (KeyVaultException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            if (await certificates.FindPendingOnlyAsync(vault.Vault, name, cancellationToken) is { } pending
                && (version is null || string.Equals(version, pending.Operation.Version, StringComparison.OrdinalIgnoreCase)))
            {
                return TypedResults.Json(CertificateMapper.PendingBundle(vault, name, pending.Operation, pending.Policy), WireJsonContext.Default.CertificateBundle);
            }

            throw;
        }
    }

    private static async Task<IResult> UpdateAsync(string name, string? version, HttpRequest request, RequestVault vault, CertificateService certificates)
    {
        ObjectName.Validate(name);
        var body = await RequestJson.ReadAsync(request, WireJsonContext.Default.CertificateUpdateParameters);
        var patch = new ObjectPatch(body.Attributes?.Enabled, WireAttributes.FromUnix(body.Attributes?.Nbf),
            WireAttributes.FromUnix(body.Attributes?.Exp), body.Tags, null);
        var certificate = await certificates.UpdateAsync(vault.Vault, name, version, patch, body.Policy,
            request.HttpContext.RequestAborted);
        return Bundle(vault, certificate);
    }

    private static async Task<IReadOnlyList<CertificateItem>> PendingItemsAsync(HttpRequest request, RequestVault vault, CancellationToken cancellationToken)
    {
        if (!bool.TryParse(request.Query["includePending"], out var includePending) || !includePending)
        {
            return [];
        }

        var certificates = request.HttpContext.RequestServices.GetRequiredService<CertificateService>();
        var pending = await certificates.ListPendingOnlyAsync(vault.Vault, cancellationToken);
        return pending.Select(p => CertificateMapper.PendingItem(vault, p.Name, p.Operation)).ToList();
    }

    private static IResult Bundle(RequestVault vault, Certificate certificate) =>
        TypedResults.Json(CertificateMapper.Bundle(vault, certificate), WireJsonContext.Default.CertificateBundle);

    private static IResult Policy(RequestVault vault, string name, CertificatePolicy policy) =>
        TypedResults.Json(CertificateMapper.Policy(vault, name, policy), WireJsonContext.Default.CertificatePolicy);

    private static IResult Operation(RequestVault vault, string name, CertificateOperation operation) =>
        TypedResults.Json(CertificateMapper.Operation(vault, name, operation), WireJsonContext.Default.WireCertificateOperation);
}
