using Coffer.Core.Errors;

namespace Coffer.Core.Authorization;

/// <summary>The permission names an access policy may hold per area, spelled as Azure spells them.</summary>
public static class AccessPolicyPermissions
{
    public const string KeysArea = "keys";
    public const string SecretsArea = "secrets";
    public const string CertificatesArea = "certificates";

    public static readonly IReadOnlyList<string> Keys =
    [
        "get", "list", "update", "create", "import", "delete", "recover", "backup", "restore", "decrypt", "encrypt",
        "unwrapKey", "wrapKey", "verify", "sign", "purge", "release", "rotate", "getrotationpolicy", "setrotationpolicy",
    ];

    public static readonly IReadOnlyList<string> Secrets = ["get", "list", "set", "delete", "recover", "backup", "restore", "purge"];

    public static readonly IReadOnlyList<string> Certificates =
    [
        "get", "list", "update", "create", "import", "delete", "recover", "backup", "restore", "managecontacts", "manageissuers",
        "getissuers", "listissuers", "setissuers", "deleteissuers", "purge",
    ];

    public static IReadOnlyList<string> Of(string area) => area switch
    {
        KeysArea => Keys,
        SecretsArea => Secrets,
        CertificatesArea => Certificates,
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, "Not a Key Vault permission area."),
    };

    public static bool IsIssuerPermission(string permission) =>
        permission is "getissuers" or "listissuers" or "setissuers" or "deleteissuers";

    /// <summary>
    /// The permissions in Azure's spelling, without duplicates, <c>all</c> expanded; 400 BadParameter naming
    /// anything unknown. Null stays null (the caller decides what "not given" means).
    /// </summary>
    public static IReadOnlyList<string>? Normalize(string area, IEnumerable<string>? permissions)
    {
        if (permissions is null)
        {
            return null;
        }

        var known = Of(area);
        var result = new List<string>();
        foreach (var permission in permissions)
        {
            var names = string.Equals(permission, "all", StringComparison.OrdinalIgnoreCase)
                ? known
                : [known.FirstOrDefault(k => string.Equals(k, permission, StringComparison.OrdinalIgnoreCase))
                    ?? throw KeyVaultErrors.BadParameter($"'{permission}' is not a {area} permission. Valid: all, {string.Join(", ", known)}.")];
            result.AddRange(names.Where(n => !result.Contains(n)));
        }

        return known.Where(result.Contains).ToList();
    }
}
