using Coffer.Core.Errors;

namespace Coffer.Server.ResourceManager;

/// <summary>Resource Manager's errors, with ARM's codes and wording, in the one error shape <c>{"error":{"code","message"}}</c>.</summary>
internal static class ResourceManagerErrors
{
    public static KeyVaultException MissingToken() =>
        new(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");

    public static KeyVaultException InvalidToken(string reason) =>
        new(401, "InvalidAuthenticationToken", $"The access token is invalid. {reason}");

    public static KeyVaultException AuthorizationFailed(string? applicationId, string objectId, string action, string scope) =>
        new(403, "AuthorizationFailed",
            $"The client '{applicationId ?? objectId}' with object id '{objectId}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. Only Coffer administrators (coffer client create --admin) may call Resource Manager.");

    public static KeyVaultException MissingApiVersion() =>
        new(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");

    public static KeyVaultException InvalidApiVersion(string version, string minimum) =>
        new(400, "InvalidApiVersionParameter", $"The api-version '{version}' is invalid. The supported versions are yyyy-MM-dd[-preview] dates from '{minimum}' on.");

    public static KeyVaultException SubscriptionNotFound(string subscriptionId) =>
        new(404, "SubscriptionNotFound", $"The subscription '{subscriptionId}' could not be found.");

    public static KeyVaultException ResourceGroupNotFound(string resourceGroup) =>
        new(404, "ResourceGroupNotFound",
            $"Resource group '{resourceGroup}' could not be found. Coffer keeps every vault in the resource group '{Core.Vaults.Vault.ResourceGroup}'.");

    public static KeyVaultException VaultNotFound(string resourceGroup, string name) =>
        new(404, "ResourceNotFound", $"The Resource 'Microsoft.KeyVault/vaults/{name}' under resource group '{resourceGroup}' was not found.");

    public static KeyVaultException DeletedVaultNotFound(string name) =>
        new(404, "DeletedVaultNotFound", $"Deleted vault '{name}' was not found: Coffer deletes vaults for good, so it keeps no deleted vaults.");

    public static KeyVaultException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>A Core error in ARM's words: a missing vault is <c>ResourceNotFound</c>, a bad parameter <c>BadRequest</c>; others keep their code.</summary>
    public static KeyVaultException Translate(KeyVaultException error, string resourceGroup, string? vault) => error switch
    {
        { Status: 404, Code: "VaultNotFound" } when vault is not null => VaultNotFound(resourceGroup, vault),
        { Code: "BadParameter" } => BadRequest(error.Message),
        _ => error,
    };
}
