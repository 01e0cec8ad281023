using System.Text.RegularExpressions;

namespace Coffer.Server.Hosting;

/// <summary>The api-versions Coffer answers: 7.0-7.6 (and their previews, which the C++ SDK sends), 2025-07-01, 2026-04-01.</summary>
internal static partial class ApiVersions
{
    public static bool IsSupported(string? version) => version is not null && Pattern().IsMatch(version);

    [GeneratedRegex(@"^(7\.[0-6]|2025-07-01|2026-04-01)(-preview(\.\d{1,3})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
