using Coffer.Core;
using Coffer.Core.Authorization;
using Coffer.Core.Vaults;

namespace Coffer.Server.Portal;

/// <summary>How the portal words what it shows.</summary>
internal static class PortalText
{
    public static string Mode(Vault vault) =>
        vault.AuthorizationMode == VaultAuthorizationMode.Rbac ? "Azure role-based access control" : "Vault access policy";

    public static string Plural(ObjectKind kind) => kind switch
    {
        ObjectKind.Key => "Keys",
        ObjectKind.Secret => "Secrets",
        _ => "Certificates",
    };

    public static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public static string Tags(IReadOnlyDictionary<string, string>? tags) =>
        tags is null || tags.Count == 0 ? "—" : string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"));

    public static string State(ObjectVersion version, DateTimeOffset now) =>
        !version.Attributes.Enabled ? "Disabled"
        : version.Attributes.Expires is { } e && e <= now ? "Expired"
        : version.Attributes.NotBefore is { } n && n > now ? "Not yet valid"
        : "Enabled";

    /// <summary>A refused request's page title, in plain words; the service's code and message follow on the page.</summary>
    public static string Refusal(int status) => status switch
    {
        401 => "Signed out",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Already exists",
        413 => "File too large",
        429 => "Too many requests",
        >= 500 => "The server could not do this",
        _ => "This cannot be done",
    };
}
