using System.CommandLine;
using Coffer.Bench.Load;
using Coffer.Bench.Micro;

var root = new RootCommand("Coffer benchmarks: the load harness (load) and BenchmarkDotNet micro-benchmarks (micro).")
{
    LoadCommand.Create(),
    MicroCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
