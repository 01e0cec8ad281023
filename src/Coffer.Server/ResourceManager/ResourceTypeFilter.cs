using System.Text.RegularExpressions;

namespace Coffer.Server.ResourceManager;

/// <summary>The one <c>$filter</c> of <c>GET /subscriptions/{id}/resources</c> Coffer reads: <c>resourceType eq '…'</c>.</summary>
internal static partial class ResourceTypeFilter
{
    /// <summary>The resource type asked for, or null for no filter; 400 for any other filter.</summary>
    public static string? Parse(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var match = Pattern().Match(filter);
        return match.Success
            ? match.Groups["type"].Value
            : throw ResourceManagerErrors.BadRequest($"Coffer filters resources only by resourceType eq '<type>'; got '{filter}'.");
    }

    [GeneratedRegex(@"^\s*resourceType\s+eq\s+'(?<type>[^']+)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
