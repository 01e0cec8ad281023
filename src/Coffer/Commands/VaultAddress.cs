using System.Text.RegularExpressions;
using Coffer.Core;

namespace Coffer.Cli.Commands;

/// <summary>
/// Which vault a command talks to, by one rule (README, "Vault URL rule"):
/// <c>--vault-url</c> is taken as given (its scheme and authority); <c>--id</c> is an object id
/// (<c>https://{host}/{collection}/{name}[/{version}]</c>), whose scheme and authority are the vault;
/// <c>--vault-name V</c> is <c>https://V.{suffix}</c>, the suffix from <c>--vault-suffix</c>, else
/// <c>COFFER_VAULT_SUFFIX</c>, else Azure's <c>vault.azure.net</c>. A suffix may carry a port
/// (<c>vault.localhost:8443</c>).
/// </summary>
internal static partial class VaultAddress
{
    public const string AzureSuffix = "vault.azure.net";
    public const string SuffixVariable = "COFFER_VAULT_SUFFIX";

    public static Uri FromName(string name, string? suffix)
    {
        if (!VaultNamePattern().IsMatch(name))
        {
            throw new CliInputException($"--vault-name '{name}' is not a vault name (3-24 letters, digits and hyphens).");
        }

        suffix ??= Environment.GetEnvironmentVariable(SuffixVariable);
        suffix = string.IsNullOrWhiteSpace(suffix) ? AzureSuffix : suffix.Trim().TrimStart('.');
        if (!Uri.TryCreate($"https://{name}.{suffix}", UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new CliInputException($"The vault suffix '{suffix}' is not a host name with an optional port (such as vault.azure.net or vault.localhost:8443).");
        }

        return uri;
    }

    public static Uri FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new CliInputException($"--vault-url '{url}' is not an absolute https URL (such as https://myvault.vault.azure.net).");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>The vault and the object name of an object id of <paramref name="kind"/>.</summary>
    public static (Uri Vault, string Name) FromId(string id, ObjectKind kind)
    {
        if (!Uri.TryCreate(id, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new CliInputException($"--id '{id}' is not an absolute https URL.");
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length is < 2 or > 3 || !string.Equals(segments[0], kind.Collection(), StringComparison.OrdinalIgnoreCase)
            || !ObjectName.IsValid(segments[1]))
        {
            throw new CliInputException($"--id '{id}' is not a {kind.WireName()} id (https://{{vault host}}/{kind.Collection()}/{{name}}[/{{version}}]).");
        }

        return (new Uri(uri.GetLeftPart(UriPartial.Authority)), segments[1]);
    }

    [GeneratedRegex("^[a-zA-Z0-9-]{3,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex VaultNamePattern();
}
