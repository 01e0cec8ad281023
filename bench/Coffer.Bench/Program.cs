using System.CommandLine;
using Coffer.Bench.Backup;
using Coffer.Bench.Keys;
using Coffer.Bench.Load;
using Coffer.Bench.Micro;
using Coffer.Bench.VaultBackup;

var root = new RootCommand("Coffer benchmarks: the load harness (load, keys, backup, vault-backup) and BenchmarkDotNet micro-benchmarks (micro).")
{
    LoadCommand.Create(),
    KeysCommand.Create(),
    BackupCommand.Create(),
    FloorServeCommand.Create(),
    VaultBackupCommand.Create(),
    MicroCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
