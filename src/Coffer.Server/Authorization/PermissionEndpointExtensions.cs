namespace Coffer.Server.Authorization;

/// <summary><c>.Requires("secrets", "get")</c> on an endpoint: the permission it checks before doing anything.</summary>
internal static class PermissionEndpointExtensions
{
    public static TBuilder Requires<TBuilder>(this TBuilder builder, string area, string permission, string? dataAction = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(dataAction is null
            ? new PermissionRequirement(area, permission)
            : new PermissionRequirement(area, permission) { DataAction = dataAction });

    public static TBuilder Requires<TBuilder>(this TBuilder builder, PermissionRequirement requirement)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(requirement);
}
