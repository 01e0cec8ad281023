using System.CommandLine;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Coffer.Cli.Commands;

/// <summary>
/// The credential of one side of a two-vault command (<c>vault copy</c>): <c>--{side}-tenant-id</c>, <c>--{side}-client-id</c>
/// and <c>--{side}-authority-host</c>, with the client secret read from <c>COFFER_{SIDE}_CLIENT_SECRET</c> (never from the
/// command line, where other users of the machine can read it), as a <see cref="ClientSecretCredential"/>. A side that names no
/// client uses <see cref="CliCredential"/> (the AZURE_* variables, managed identity, the Azure CLI…).
/// </summary>
internal sealed class SideCredential
{
    private readonly string _secretVariable;

    public SideCredential(string side)
    {
        TenantId = new($"--{side}-tenant-id") { Description = $"Tenant of the {side} side's client (with --{side}-client-id)." };
        ClientId = new($"--{side}-client-id") { Description = $"Client id for the {side} side; its secret is read from COFFER_{side.ToUpperInvariant()}_CLIENT_SECRET." };
        AuthorityHost = new($"--{side}-authority-host") { Description = $"Token authority of the {side} side (a Coffer's own URL; default: Microsoft Entra ID)." };
        _secretVariable = $"COFFER_{side.ToUpperInvariant()}_CLIENT_SECRET";
    }

    public Option<string?> TenantId { get; }

    public Option<string?> ClientId { get; }

    public Option<string?> AuthorityHost { get; }

    public IEnumerable<Option> All => [TenantId, ClientId, AuthorityHost];

    public TokenCredential Create(ParseResult result, HttpPipelineTransport transport)
    {
        if (result.GetValue(ClientId) is not { } clientId)
        {
            return result.GetValue(TenantId) is null && result.GetValue(AuthorityHost) is null
                ? CliCredential.Create(transport)
                : throw new CliInputException($"{ClientId.Name} is required with {TenantId.Name} or {AuthorityHost.Name}.");
        }

        var tenant = result.GetValue(TenantId) ?? throw new CliInputException($"{TenantId.Name} is required with {ClientId.Name}.");
        var secret = Environment.GetEnvironmentVariable(_secretVariable);
        if (string.IsNullOrEmpty(secret))
        {
            throw new CliInputException($"{ClientId.Name} needs its secret in the environment variable {_secretVariable}.");
        }

        var options = new ClientSecretCredentialOptions { Transport = transport };
        if (result.GetValue(AuthorityHost) is { } authority)
        {
            options.AuthorityHost = Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : throw new CliInputException($"{AuthorityHost.Name} must be an absolute https URL.");
        }

        options.DisableInstanceDiscovery = !CliCredential.MicrosoftAuthorities.Contains(options.AuthorityHost.Host, StringComparer.OrdinalIgnoreCase);
        return new ClientSecretCredential(tenant, clientId, secret, options);
    }
}
