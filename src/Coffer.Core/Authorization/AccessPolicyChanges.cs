namespace Coffer.Core.Authorization;

/// <summary>
/// What <c>PUT …/accessPolicies/{add|replace|remove}</c> does to a vault's entries, per principal (object id and issuer). <c>add</c>: union
/// with what the entry has. <c>replace</c>: each given list becomes the entry's list; an omitted list is kept (so
/// <c>coffer vault set-policy --secret-permissions get</c> leaves key permissions alone). <c>remove</c>: subtracts the
/// given permissions, or drops the entry when no permissions were given at all. An entry left with no permission is dropped.
/// </summary>
public static class AccessPolicyChanges
{
    public static IReadOnlyList<AccessPolicy> Apply(string kind, IReadOnlyList<AccessPolicy> current, IReadOnlyList<AccessPolicyChange> entries, PrincipalDefaults defaults) =>
        kind.ToLowerInvariant() switch
        {
            "add" => Change(current, entries, defaults, (old, given) => [.. old, .. given.Where(p => !old.Contains(p))], dropWhenNoLists: false),
            "replace" => Replace(current, entries, defaults),
            "remove" => Change(current, entries, defaults, (old, given) => [.. old.Where(p => !given.Contains(p))], dropWhenNoLists: true),
            _ => throw Errors.KeyVaultErrors.BadParameter($"'{kind}' is not an access policy operation: use add, replace or remove."),
        };

    public static IReadOnlyList<AccessPolicy> Replace(IReadOnlyList<AccessPolicy> current, IReadOnlyList<AccessPolicyChange> entries, PrincipalDefaults defaults) =>
        Change(current, entries, defaults, (_, given) => given, dropWhenNoLists: false);

    private static List<AccessPolicy> Change(IReadOnlyList<AccessPolicy> current, IReadOnlyList<AccessPolicyChange> entries, PrincipalDefaults defaults,
        Func<IReadOnlyList<string>, IReadOnlyList<string>, IReadOnlyList<string>> combine, bool dropWhenNoLists)
    {
        var result = current.ToList();
        foreach (var entry in entries)
        {
            var (tenant, objectId, keys, secrets, certificates, issuer) = defaults.Normalize(entry);
            var at = result.FindIndex(p => p.Names(objectId, issuer));
            var old = at >= 0 ? result[at] : new AccessPolicy(tenant, objectId, [], [], [], issuer);
            var changed = new AccessPolicy(tenant, objectId,
                keys is null ? old.Keys : Ordered(AccessPolicyPermissions.Keys, combine(old.Keys, keys)),
                secrets is null ? old.Secrets : Ordered(AccessPolicyPermissions.Secrets, combine(old.Secrets, secrets)),
                certificates is null ? old.Certificates : Ordered(AccessPolicyPermissions.Certificates, combine(old.Certificates, certificates)),
                issuer);
            var drop = changed.IsEmpty || (dropWhenNoLists && keys is null && secrets is null && certificates is null);
            if (at >= 0)
            {
                if (drop)
                {
                    result.RemoveAt(at);
                }
                else
                {
                    result[at] = changed;
                }
            }
            else if (!drop)
            {
                result.Add(changed);
            }
        }

        return result;
    }

    private static string[] Ordered(IReadOnlyList<string> known, IReadOnlyList<string> permissions) =>
        known.Where(k => permissions.Contains(k, StringComparer.OrdinalIgnoreCase)).ToArray();
}
