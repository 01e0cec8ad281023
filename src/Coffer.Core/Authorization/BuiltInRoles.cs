namespace Coffer.Core.Authorization;

/// <summary>Azure's built-in Key Vault roles, with their real ids and data actions (control-plane actions left out).</summary>
public static class BuiltInRoles
{
    private const string Vaults = "Microsoft.KeyVault/vaults/";
    private const string RbacOnly = " Only works for key vaults that use the 'Azure role-based access control' permission model.";

    public static readonly RoleDefinition Administrator = Role("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator",
        "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments.",
        Vaults + "*");

    public static readonly RoleDefinition Reader = Role("21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader",
        "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values such as secret contents or key material.",
        Vaults + "*/read", Vaults + "secrets/readMetadata/action");

    public static readonly RoleDefinition CryptoOfficer = Role("14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault Crypto Officer",
        "Perform any action on the keys of a key vault, except manage permissions.",
        Vaults + "keys/*", Vaults + "keyrotationpolicies/*");

    public static readonly RoleDefinition CryptoUser = Role("12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User",
        "Perform cryptographic operations using keys.",
        Vaults + "keys/read", Vaults + "keys/update/action", Vaults + "keys/backup/action", Vaults + "keys/encrypt/action",
        Vaults + "keys/decrypt/action", Vaults + "keys/wrap/action", Vaults + "keys/unwrap/action", Vaults + "keys/sign/action",
        Vaults + "keys/verify/action");

    public static readonly RoleDefinition CryptoServiceEncryptionUser = Role("e147488a-f6f5-4113-8e2d-b22465e65bf6", "Key Vault Crypto Service Encryption User",
        "Read metadata of keys and perform wrap/unwrap operations.",
        Vaults + "keys/read", Vaults + "keys/wrap/action", Vaults + "keys/unwrap/action");

    public static readonly RoleDefinition CryptoServiceReleaseUser = Role("08bbd89e-9f13-488c-ac41-acfcb10c90ab", "Key Vault Crypto Service Release User",
        "Release keys.", Vaults + "keys/release/action");

    public static readonly RoleDefinition SecretsOfficer = Role("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault Secrets Officer",
        "Perform any action on the secrets of a key vault, except manage permissions.", Vaults + "secrets/*");

    public static readonly RoleDefinition SecretsUser = Role("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User",
        "Read secret contents including the secret portion of a certificate with private key.",
        Vaults + "secrets/getSecret/action", Vaults + "secrets/readMetadata/action");

    public static readonly RoleDefinition CertificatesOfficer = Role("a4417e6f-fecd-4de8-b567-7b0420556985", "Key Vault Certificates Officer",
        "Perform any action on the certificates of a key vault, except manage permissions.",
        Vaults + "certificatecas/*", Vaults + "certificates/*", Vaults + "certificatecontacts/write");

    public static readonly RoleDefinition CertificateUser = Role("db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", "Key Vault Certificate User",
        "Read entire certificate contents including the secret and key portion.",
        Vaults + "certificates/read", Vaults + "secrets/getSecret/action", Vaults + "secrets/readMetadata/action", Vaults + "keys/read");

    /// <summary>Manages role assignments (Coffer: through the management API); no data actions at all.</summary>
    public static readonly RoleDefinition DataAccessAdministrator = Role("8b54135c-b56d-4d72-a534-26097cfdc8d8", "Key Vault Data Access Administrator",
        "Manage access to Azure Key Vault by adding or removing role assignments for the Key Vault Administrator, Key Vault Certificates Officer, Key Vault Crypto Officer, Key Vault Crypto Service Encryption User, Key Vault Crypto User, Key Vault Reader, Key Vault Secrets Officer, or Key Vault Secrets User roles.");

    public static readonly IReadOnlyList<RoleDefinition> All =
    [
        Administrator, Reader, CryptoOfficer, CryptoUser, CryptoServiceEncryptionUser, CryptoServiceReleaseUser,
        SecretsOfficer, SecretsUser, CertificatesOfficer, CertificateUser, DataAccessAdministrator,
    ];

    private static readonly Dictionary<string, RoleDefinition> ById = All.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

    public static RoleDefinition? FindById(string id) => ById.GetValueOrDefault(id);

    /// <summary>By GUID, by an ARM id ending in the GUID (<c>…/roleDefinitions/{guid}</c>), or by role name (any case).</summary>
    public static RoleDefinition? Find(string idOrName)
    {
        var trimmed = idOrName.Trim();
        var last = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        return FindById(last) ?? All.FirstOrDefault(r => string.Equals(r.RoleName, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    private static RoleDefinition Role(string id, string name, string description, params string[] dataActions) =>
        new(id, name, description + RbacOnly, dataActions, []);
}
