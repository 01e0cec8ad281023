using System.Text.RegularExpressions;

namespace Coffer.Core.Vaults;

/// <summary>Azure's vault name rule: 3-24 characters, letters, digits and single hyphens, starting with a letter.</summary>
public static partial class VaultNames
{
    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 24 } && Pattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$")]
    private static partial Regex Pattern();
}
