namespace Coffer.Server.Vaults;

/// <summary>Endpoint metadata: the request addresses a vault and needs a bearer token for its tenant and an api-version.</summary>
internal sealed class DataPlaneEndpoint
{
    public static readonly DataPlaneEndpoint Instance = new();
}
