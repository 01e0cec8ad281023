namespace Coffer.Server.Auth;

/// <summary>
/// The resource vault tokens are issued for: <c>https://{dnsSuffix}</c>, with or without a port.
/// </summary>
/// <remarks>
/// The challenge names the port the request was addressed to, because the Python SDK checks that the vault's host
/// <em>and port</em> end with the resource's (<c>v.vault.localhost:8443</c> against <c>vault.localhost:8443</c>);
/// the .NET, JS and C++ SDKs compare host names only, and C++ asks for the port-less resource before any challenge.
/// Every port names the same resource — one deployment, one signing key, whichever node or listener is asked, and
/// behind a proxy only the client knows the port it used — so a token for either form is accepted wherever it is
/// presented, and the token endpoint issues one for any port of it.
/// </remarks>
public sealed class VaultResource(string dnsSuffix)
{
    /// <summary><c>https://{dnsSuffix}</c>, the resource without a port.</summary>
    public string PortLess { get; } = $"https://{dnsSuffix}";

    /// <summary>The resource a 401 names for a request addressed to <paramref name="host"/>: with its port, if it has one.</summary>
    public string ChallengedBy(HostString host) => host.Port is { } port ? $"{PortLess}:{port}" : PortLess;

    /// <summary>
    /// The resource <paramref name="value"/> names (<c>https://{dnsSuffix}[:port][/]</c>, any case) in its canonical
    /// form — no trailing slash, no default port — or null when it names something else.
    /// </summary>
    public string? Canonical(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
            || !string.Equals(uri.Host, dnsSuffix, StringComparison.OrdinalIgnoreCase) || uri.UserInfo.Length > 0
            || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || value.Contains('?', StringComparison.Ordinal) || value.Contains('#', StringComparison.Ordinal))
        {
            return null;
        }

        return uri.IsDefaultPort ? PortLess : $"{PortLess}:{uri.Port}";
    }

    /// <summary>Whether a token's <c>aud</c> is this resource, with or without a port.</summary>
    public bool IsAudience(string audience) => Canonical(audience) is not null;
}
