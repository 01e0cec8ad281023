namespace Coffer.Core.Authorization;

/// <summary>
/// The one table from an access-policy permission to the RBAC data action that stands for it (Azure's own
/// mapping, as its access-policy-to-RBAC comparison tool has it). An operation whose RBAC action differs from
/// its permission's (a secret's update needs <c>secrets/update/action</c>, its set <c>setSecret/action</c>;
/// reading a deleted secret needs only its metadata) names its action itself.
/// </summary>
public static class DataPlanePermissions
{
    private const string Vaults = "Microsoft.KeyVault/vaults/";

    /// <summary>Area and permission of <c>POST /rng</c>: no object permission, only some access to the vault.</summary>
    public const string VaultArea = "vault";
    public const string AnyAccess = "any";
    public const string AnyAccessDataAction = Vaults + "rng/action";

    private static readonly Dictionary<(string Area, string Permission), string> Actions = new()
    {
        [("keys", "get")] = Vaults + "keys/read",
        [("keys", "list")] = Vaults + "keys/read",
        [("keys", "update")] = Vaults + "keys/update/action",
        [("keys", "create")] = Vaults + "keys/create/action",
        [("keys", "import")] = Vaults + "keys/import/action",
        [("keys", "delete")] = Vaults + "keys/delete",
        [("keys", "recover")] = Vaults + "keys/recover/action",
        [("keys", "backup")] = Vaults + "keys/backup/action",
        [("keys", "restore")] = Vaults + "keys/restore/action",
        [("keys", "decrypt")] = Vaults + "keys/decrypt/action",
        [("keys", "encrypt")] = Vaults + "keys/encrypt/action",
        [("keys", "unwrapKey")] = Vaults + "keys/unwrap/action",
        [("keys", "wrapKey")] = Vaults + "keys/wrap/action",
        [("keys", "verify")] = Vaults + "keys/verify/action",
        [("keys", "sign")] = Vaults + "keys/sign/action",
        [("keys", "purge")] = Vaults + "keys/purge/action",
        [("keys", "release")] = Vaults + "keys/release/action",
        [("keys", "rotate")] = Vaults + "keys/rotate/action",
        [("keys", "getrotationpolicy")] = Vaults + "keyrotationpolicies/read",
        [("keys", "setrotationpolicy")] = Vaults + "keyrotationpolicies/write",
        [("secrets", "get")] = Vaults + "secrets/getSecret/action",
        [("secrets", "list")] = Vaults + "secrets/readMetadata/action",
        [("secrets", "set")] = Vaults + "secrets/setSecret/action",
        [("secrets", "delete")] = Vaults + "secrets/delete",
        [("secrets", "recover")] = Vaults + "secrets/recover/action",
        [("secrets", "backup")] = Vaults + "secrets/backup/action",
        [("secrets", "restore")] = Vaults + "secrets/restore/action",
        [("secrets", "purge")] = Vaults + "secrets/purge/action",
        [("certificates", "get")] = Vaults + "certificates/read",
        [("certificates", "list")] = Vaults + "certificates/read",
        [("certificates", "update")] = Vaults + "certificates/update/action",
        [("certificates", "create")] = Vaults + "certificates/create/action",
        [("certificates", "import")] = Vaults + "certificates/import/action",
        [("certificates", "delete")] = Vaults + "certificates/delete",
        [("certificates", "recover")] = Vaults + "certificates/recover/action",
        [("certificates", "backup")] = Vaults + "certificates/backup/action",
        [("certificates", "restore")] = Vaults + "certificates/restore/action",
        [("certificates", "purge")] = Vaults + "certificates/purge/action",
        [("certificates", "managecontacts")] = Vaults + "certificatecontacts/write",
        [("certificates", "manageissuers")] = Vaults + "certificatecas/write",
        [("certificates", "getissuers")] = Vaults + "certificatecas/read",
        [("certificates", "listissuers")] = Vaults + "certificatecas/read",
        [("certificates", "setissuers")] = Vaults + "certificatecas/write",
        [("certificates", "deleteissuers")] = Vaults + "certificatecas/delete",
        [(VaultArea, AnyAccess)] = AnyAccessDataAction,
    };

    public const string SecretUpdateDataAction = Vaults + "secrets/update/action";
    public const string SecretReadMetadataDataAction = Vaults + "secrets/readMetadata/action";

    /// <summary>The data action standing for an access-policy permission; throws for a pair that is not one.</summary>
    public static string DataActionOf(string area, string permission) =>
        Actions.TryGetValue((area, permission), out var action)
            ? action
            : throw new ArgumentException($"{area}/{permission} is not a Key Vault access-policy permission.", nameof(permission));
}
