using Coffer.Server.Authorization;
using Coffer.Server.Vaults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests.Authorization;

/// <summary>No data-plane endpoint ships without the permission it checks; a new one without it fails here.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class EndpointGuardTests(CofferFixture fixture)
{
    [Fact]
    public void EveryDataPlaneEndpoint_NamesAtLeastOnePermission()
    {
        var endpoints = fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<DataPlaneEndpoint>() is not null)
            .ToList();

        var unguarded = endpoints.Where(e => e.Metadata.GetOrderedMetadata<PermissionRequirement>().Count == 0)
            .Select(e => $"{string.Join(',', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}");

        Assert.Empty(unguarded);
        Assert.True(endpoints.Count > 60, $"only {endpoints.Count} data-plane endpoints found");
    }

    [Fact]
    public void EveryResourceManagerRoute_IsAuthenticatedAsResourceManager()
    {
        var routes = fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/subscriptions", StringComparison.OrdinalIgnoreCase)
                || raw.StartsWith("/tenants", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.Empty(routes.Where(e => e.Metadata.GetMetadata<Coffer.Server.ResourceManager.ResourceManagerEndpoint>() is null).Select(e => e.RoutePattern.RawText));
        Assert.True(routes.Count >= 15, $"only {routes.Count} Resource Manager routes found");
    }

    [Fact]
    public void BackupAndRestoreEndpoints_NameTheirKindsBackupAndRestorePermissions()
    {
        var requirements = fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.EndsWith("/backup", StringComparison.Ordinal) || raw.EndsWith("/restore", StringComparison.Ordinal)))
            .ToDictionary(e => e.RoutePattern.RawText!, e => e.Metadata.GetOrderedMetadata<PermissionRequirement>().Select(r => r.ToString()).ToList());

        Assert.Equal(["keys/backup"], requirements["/keys/{name}/backup"]);
        Assert.Equal(["secrets/restore"], requirements["/secrets/restore"]);
        Assert.Equal(["certificates/backup"], requirements["/certificates/{name}/backup"]);
    }
}
