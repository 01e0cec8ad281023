using System.Text.RegularExpressions;
using Coffer.Core.Errors;
using Microsoft.Extensions.Primitives;

namespace Coffer.Server.Hosting;

/// <summary>The api-versions Coffer answers: 7.0-7.6 (and their previews, which the C++ SDK sends), 2025-07-01, 2026-04-01.</summary>
internal static partial class ApiVersions
{
    /// <summary>The latest version, for requests that name none of their own (the portal's).</summary>
    public const string Latest = "2026-04-01";

    public static bool IsSupported(string? version) => version is not null && Pattern().IsMatch(version);

    /// <summary>The request's one supported api-version; 400 <c>BadParameter</c> when it is missing, unknown, or given twice with different values.</summary>
    public static string Of(StringValues values)
    {
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            throw KeyVaultErrors.BadParameter("The api-version query parameter is missing.");
        }

        if (values.Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            throw KeyVaultErrors.BadParameter(
                $"The api-version query parameter is given more than once, with different values ({string.Join(", ", values.Select(v => v))}): give it once.");
        }

        return IsSupported(values[0])
            ? values[0]!
            : throw KeyVaultErrors.BadParameter(
                $"The specified version ({values[0]}) is not recognized. Consider using the latest supported version ({Latest}).");
    }

    [GeneratedRegex(@"^(7\.[0-6]|2025-07-01|2026-04-01)(-preview(\.\d{1,3})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
