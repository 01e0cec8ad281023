using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Coffer.Cli.Commands;

/// <summary>
/// The credential every command uses: <see cref="DefaultAzureCredential"/> — so <c>AZURE_TENANT_ID</c>,
/// <c>AZURE_CLIENT_ID</c>, <c>AZURE_CLIENT_SECRET</c> (and <c>AZURE_AUTHORITY_HOST</c>) first, then workload or
/// managed identity, the Azure CLI and the other developer tools — over the same transport (and so the
/// same trusted CA) as the vault calls. Instance discovery, which asks Microsoft's fixed host about the
/// authority, is turned off for any authority that is not one of Microsoft's clouds (Coffer's own issuer).
/// </summary>
internal static class CliCredential
{
    /// <summary>Microsoft's clouds' authorities: instance discovery is only for them.</summary>
    public static readonly string[] MicrosoftAuthorities =
        ["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn"];

    public static TokenCredential Create(HttpPipelineTransport transport)
    {
        var options = new DefaultAzureCredentialOptions { Transport = transport };
        options.DisableInstanceDiscovery = !MicrosoftAuthorities.Contains(options.AuthorityHost.Host, StringComparer.OrdinalIgnoreCase);
        return new DefaultAzureCredential(options);
    }
}
