using System.Text;
using Coffer.Server.Hosting;

namespace Coffer.Cli.Commands;

/// <summary>What <c>coffer serve</c> prints once it listens: exactly what to paste to reach it.</summary>
internal static class StartBanner
{
    public static string Render(CofferApplication server)
    {
        var d = server.Deployment;
        var o = server.Options;
        var host = $"{d.DefaultVaultName}.{o.DnsSuffix}";
        var text = new StringBuilder();
        text.AppendLine($"Coffer is listening on https://{o.BindAddress}:{o.Port} (data: {o.DataDirectory})");
        text.AppendLine();
        text.AppendLine($"Vault URL: {server.DefaultVaultUrl}");
        text.AppendLine();
        text.AppendLine("Credentials (paste into your shell):");
        text.AppendLine($"  export AZURE_KEYVAULT_URL={server.DefaultVaultUrl}");
        text.AppendLine($"  export AZURE_TENANT_ID={d.TenantId}");
        text.AppendLine($"  export AZURE_CLIENT_ID={d.DefaultClientId}");
        text.AppendLine($"  export AZURE_CLIENT_SECRET={d.DefaultClientSecret}");
        text.AppendLine($"  export AZURE_AUTHORITY_HOST={o.Authority}");
        text.AppendLine();
        text.AppendLine("Trust the local CA (once):");
        text.AppendLine($"  dotnet run --project src/Coffer -- cert export --data-dir {o.DataDirectory} --out coffer-ca.pem");
        text.AppendLine("  export NODE_EXTRA_CA_CERTS=$PWD/coffer-ca.pem                                  # node");
        text.AppendLine("  sudo cp coffer-ca.pem /usr/local/share/ca-certificates/coffer-ca.crt && sudo update-ca-certificates   # .NET, curl");
        text.AppendLine();
        text.AppendLine("Resolve vault hosts (once; *.localhost does not resolve for .NET or node):");
        text.AppendLine($"  echo '127.0.0.1 {host}' | sudo tee -a /etc/hosts");
        text.AppendLine();
        text.AppendLine("JS clients also need disableInstanceDiscovery: true on ClientSecretCredential.");
        return text.ToString();
    }
}
