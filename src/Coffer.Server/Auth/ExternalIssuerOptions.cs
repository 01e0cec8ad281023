namespace Coffer.Server.Auth;

/// <summary>
/// An OIDC issuer whose tokens Coffer accepts besides its own (a company's identity provider, Entra ID):
/// its discovery document, the audience its tokens must carry, the tenant its principals belong to
/// when tokens carry no <c>tid</c> (default: the deployment's tenant), and the <c>iss</c> of its tokens.
/// </summary>
public sealed record ExternalIssuerOptions(Uri MetadataAddress, string Audience, string? TenantId = null, string? Issuer = null)
{
    private const string DiscoveryPath = "/.well-known/openid-configuration";

    /// <summary>
    /// The <c>iss</c> of its tokens, known before anything is fetched: as given, else the metadata URL without
    /// <c>/.well-known/openid-configuration</c> (the OIDC discovery rule); null when neither, which is refused at start.
    /// Entra's multi-tenant issuer names its tokens' tenant <c>{tenantid}</c>.
    /// </summary>
    public string? Issuer { get; } = Issuer ?? (MetadataAddress.Query.Length == 0 && MetadataAddress.AbsoluteUri.EndsWith(DiscoveryPath, StringComparison.Ordinal)
        ? MetadataAddress.AbsoluteUri[..^DiscoveryPath.Length]
        : null);

    /// <summary>Parses <c>metadata-url|audience[|tenant-id[|issuer]]</c>, the form of <c>coffer serve --external-issuer</c>.</summary>
    public static ExternalIssuerOptions? TryParse(string text)
    {
        var parts = text.Split('|', StringSplitOptions.TrimEntries);
        return parts.Length is >= 2 and <= 4 && Uri.TryCreate(parts[0], UriKind.Absolute, out var metadata) && parts[1].Length > 0
            ? new ExternalIssuerOptions(metadata, parts[1], Optional(parts, 2), Optional(parts, 3))
            : null;
    }

    /// <summary>https, or plain http to a loopback address (an identity provider on the same machine, or a test's).</summary>
    public static bool IsAcceptable(Uri address) =>
        address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && address.IsLoopback);

    private static string? Optional(string[] parts, int index) => parts.Length > index && parts[index].Length > 0 ? parts[index] : null;
}
