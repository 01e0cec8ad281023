namespace Coffer.Core.Errors;

/// <summary>Factories for the errors Azure Key Vault answers with, worded as Azure words them.</summary>
public static class KeyVaultErrors
{
    public static KeyVaultException BadParameter(string message) =>
        new(400, "BadParameter", message);

    public static KeyVaultException NotFound(string message) =>
        new(404, "NotFound", message);

    public static KeyVaultException VaultNotFound(string vault) =>
        new(404, "VaultNotFound", $"Vault not found: {vault}");

    public static KeyVaultException ObjectNotFound(ObjectKind kind, string name, string? version = null) =>
        new(404, kind.NotFoundCode(), version is null
            ? $"A {kind.WireName()} with (name/id) {name} was not found in this key vault. If you recently deleted this {kind.WireName()} you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"
            : $"A {kind.WireName()} with (name/id) {name}/{version} was not found in this key vault. If you recently deleted this {kind.WireName()} you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182");

    public static KeyVaultException DeletedObjectNotFound(ObjectKind kind, string name) =>
        new(404, kind.NotFoundCode(), $"Deleted {kind.DisplayName()} not found: {name}");

    public static KeyVaultException DeletedButRecoverable(ObjectKind kind, string name) =>
        new(409, "Conflict",
            $"{kind.DisplayName()} {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the {kind.WireName()} can only be recovered or purged.",
            "ObjectIsDeletedButRecoverable");

    public static KeyVaultException Disabled(ObjectKind kind, string operation) =>
        new(403, "Forbidden", $"Operation {operation} is not allowed on a disabled {kind.WireName()}.", $"{kind.DisplayName()}Disabled");

    public static KeyVaultException PurgeProtected(ObjectKind kind, string name) =>
        new(403, "Forbidden",
            $"Operation \"purge\" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge {kind.WireName()} {name} after the retention period has passed.",
            "PurgeProtectionEnabled");

    public static KeyVaultException Unauthorized(string message) =>
        new(401, "Unauthorized", message);

    public static KeyVaultException Forbidden(string message, string innerCode) =>
        new(403, "Forbidden", message, innerCode);

    public static KeyVaultException ServiceUnavailable(string message) =>
        new(503, "ServiceUnavailable", message);

    /// <summary>Azure's answer to a vault over its request-type limit; the caller adds Retry-After.</summary>
    public static KeyVaultException Throttled() =>
        new(429, "Throttled", "Operations per second rate limit reached. Please retry after the time in the Retry-After header.", "VaultRequestTypeLimitReached");
}
