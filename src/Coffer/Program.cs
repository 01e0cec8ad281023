using System.CommandLine;
using Coffer.Cli.Commands;

var root = new RootCommand("Coffer: a self-hosted, Azure Key Vault-compatible vault server, and a CLI for backup and restore.")
{
    ServeCommand.Create(),
    CertCommand.Create(),
    HostsCommand.Create(),
    VaultCommand.Create(),
    AuditCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
