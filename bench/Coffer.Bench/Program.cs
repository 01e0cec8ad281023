using System.CommandLine;
using Coffer.Bench.AuditSize;
using Coffer.Bench.Backup;
using Coffer.Bench.Keys;
using Coffer.Bench.Load;
using Coffer.Bench.Micro;
using Coffer.Bench.Nodes;
using Coffer.Bench.VaultBackup;

var root = new RootCommand("Coffer benchmarks: the load harness (load, keys, backup, vault-backup, nodes) and BenchmarkDotNet micro-benchmarks (micro).")
{
    LoadCommand.Create(),
    KeysCommand.Create(),
    BackupCommand.Create(),
    FloorServeCommand.Create(),
    VaultBackupCommand.Create(),
    NodesCommand.Create(),
    MicroCommand.Create(),
    AuditSizeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
