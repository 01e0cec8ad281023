namespace Coffer.Core.Authorization;

/// <summary>
/// A role: its Azure id (a GUID), name and the data actions it allows. Patterns use Azure's <c>*</c>
/// wildcard, which matches any run of characters, slashes included (<c>Microsoft.KeyVault/vaults/*/read</c>).
/// </summary>
public sealed record RoleDefinition(
    string Id,
    string RoleName,
    string Description,
    IReadOnlyList<string> DataActions,
    IReadOnlyList<string> NotDataActions)
{
    public bool Allows(string dataAction) => AnyMatches(DataActions, dataAction) && !AnyMatches(NotDataActions, dataAction);

    private static bool AnyMatches(IReadOnlyList<string> patterns, string action)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (Matches(patterns[i], action))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Matches(string pattern, string action)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(pattern, action, StringComparison.OrdinalIgnoreCase);
        }

        var head = pattern[..star];
        if (!action.StartsWith(head, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        for (var i = head.Length; i <= action.Length; i++)
        {
            if (Matches(rest, action[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
