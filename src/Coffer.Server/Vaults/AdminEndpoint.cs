namespace Coffer.Server.Vaults;

/// <summary>Endpoint metadata: only an admin client of the default tenant may call it.</summary>
internal sealed class AdminEndpoint
{
    public static readonly AdminEndpoint Instance = new();
}
