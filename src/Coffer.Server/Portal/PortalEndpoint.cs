namespace Coffer.Server.Portal;

/// <summary>
/// Endpoint metadata for the portal's pages and actions: <see cref="PortalMiddleware"/> signs the user in, takes the vault
/// from the route and checks the endpoint's permissions as the data plane does; the auditor records it as a data-plane request.
/// </summary>
internal sealed class PortalEndpoint
{
    public static readonly PortalEndpoint Instance = new();

    private PortalEndpoint()
    {
    }
}
