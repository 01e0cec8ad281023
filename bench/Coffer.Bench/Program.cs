using System.CommandLine;
using Coffer.Bench.Backup;
using Coffer.Bench.Keys;
using Coffer.Bench.Load;
using Coffer.Bench.Micro;

var root = new RootCommand("Coffer benchmarks: the load harness (load, keys, backup) and BenchmarkDotNet micro-benchmarks (micro).")
{
    LoadCommand.Create(),
    KeysCommand.Create(),
    BackupCommand.Create(),
    MicroCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
