using Coffer.Server.Tls;

namespace Coffer.Server.Hosting;

/// <summary>A built Coffer server, with what its first start created, ready to run.</summary>
public sealed record CofferApplication(WebApplication App, Deployment Deployment, CertificateAuthority Authority, CofferOptions Options)
    : IAsyncDisposable
{
    public string DefaultVaultUrl => Options.Port == 443
        ? $"https://{Deployment.DefaultVaultName}.{Options.DnsSuffix}"
        : $"https://{Deployment.DefaultVaultName}.{Options.DnsSuffix}:{Options.Port}";

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
