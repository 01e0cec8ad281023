namespace Coffer.Server.Auth;

/// <summary>
/// An OIDC issuer whose tokens Coffer accepts besides its own (a company's identity provider, Entra ID):
/// its discovery document, the audience its tokens must carry, and the tenant its principals belong to
/// when tokens carry no <c>tid</c> (default: the deployment's tenant).
/// </summary>
public sealed record ExternalIssuerOptions(Uri MetadataAddress, string Audience, string? TenantId = null)
{
    /// <summary>Parses <c>metadata-url|audience[|tenant-id]</c>, the form of <c>coffer serve --external-issuer</c>.</summary>
    public static ExternalIssuerOptions? TryParse(string text)
    {
        var parts = text.Split('|', StringSplitOptions.TrimEntries);
        return parts.Length is 2 or 3 && Uri.TryCreate(parts[0], UriKind.Absolute, out var metadata) && parts[1].Length > 0
            ? new ExternalIssuerOptions(metadata, parts[1], parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null)
            : null;
    }

    /// <summary>https, or plain http to a loopback address (an identity provider on the same machine, or a test's).</summary>
    public static bool IsAcceptable(Uri address) =>
        address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && address.IsLoopback);
}
