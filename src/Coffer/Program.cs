using System.CommandLine;
using Coffer.Cli.Commands;
using Coffer.Core;

var root = new RootCommand("Coffer: a self-hosted, Azure Key Vault-compatible vault server, and a CLI for backup and restore.")
{
    ServeCommand.Create(),
    CertCommand.Create(),
    HostsCommand.Create(),
    VaultCommand.Create(),
    ObjectBackupCommand.Create(ObjectKind.Key),
    ObjectBackupCommand.Create(ObjectKind.Secret),
    ObjectBackupCommand.Create(ObjectKind.Certificate),
    BackupCommand.Create(),
    VaultRestoreCommand.Create(),
    AuditCommand.Create(),
    MigrateCommand.Create(),
    RootKeyCommand.Create(),
    KeyringCommand.Create(),
    ClientCommand.Create(),
    UserCommand.Create(),
    RoleCommand.Create(),
    SecurityDomainCommand.Create(),
};
var parsed = root.Parse(args);

// serve's host handles SIGTERM and Ctrl+C itself: it stops accepting, drains requests within its shutdown timeout,
// flushes the audit log and exits 0. System.CommandLine would otherwise end the process 2 s after the signal.
var invocation = new InvocationConfiguration
{
    ProcessTerminationTimeout = parsed.CommandResult.Command.Name == "serve" ? null : new InvocationConfiguration().ProcessTerminationTimeout,
};
var exitCode = await parsed.InvokeAsync(invocation);

// Usage mistakes are bad input, like a 400 (README, "Exit codes").
return parsed.Errors.Count > 0 ? ExitCodes.BadInput : exitCode;
