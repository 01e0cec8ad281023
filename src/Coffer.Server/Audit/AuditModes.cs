using Coffer.Server.Vaults;

namespace Coffer.Server.Audit;

/// <summary>
/// Endpoint metadata naming an endpoint's <see cref="AuditMode"/>, and the rule for endpoints without it: data-plane, portal and
/// management endpoints (Coffer's and Resource Manager's) are <see cref="AuditMode.Read"/> for GET and HEAD and <see cref="AuditMode.Write"/> otherwise;
/// one marked <see cref="AuditedAs"/> is <see cref="AuditMode.Read"/>; any other endpoint (tokens, discovery) is not audited.
/// </summary>
internal sealed class AuditModes
{
    public static readonly AuditModes Release = new(AuditMode.Release);

    private AuditModes(AuditMode mode) => Mode = mode;

    public AuditMode Mode { get; }

    public static AuditMode? Of(Endpoint? endpoint, string method) =>
        endpoint?.Metadata switch
        {
            null => null,
            var metadata when metadata.GetMetadata<AuditModes>() is { } declared => declared.Mode,
            var metadata when metadata.GetMetadata<AuditedAs>() is not null => AuditMode.Read,
            var metadata when metadata.GetMetadata<DataPlaneEndpoint>() is null && metadata.GetMetadata<Portal.PortalEndpoint>() is null
                && !IsManagement(metadata) => null,
            _ => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? AuditMode.Read : AuditMode.Write,
        };

    /// <summary>Coffer's management API and Resource Manager: audited, and recorded without a vault of the request's host.</summary>
    public static bool IsManagement(EndpointMetadataCollection metadata) =>
        metadata.GetMetadata<AdminEndpoint>() is not null || metadata.GetMetadata<ResourceManager.ResourceManagerEndpoint>() is not null;
}

internal static class AuditModeExtensions
{
    /// <summary>Audits an endpoint that no other rule audits, under <paramref name="operation"/>.</summary>
    public static TBuilder AuditedAs<TBuilder>(this TBuilder builder, string operation, string objectKind)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedAs(operation, objectKind));

    /// <summary>Marks an endpoint, or every endpoint of a group, <see cref="AuditMode.Release"/>.</summary>
    public static TBuilder AuditedOnRelease<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AuditModes.Release).AddEndpointFilter<TBuilder, ReleaseAuditFilter>();
}
