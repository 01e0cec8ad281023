using System.CommandLine;
using BenchmarkDotNet.Running;

namespace Coffer.Bench.Micro;

/// <summary><c>micro</c>: BenchmarkDotNet over this assembly; other arguments go to BenchmarkDotNet.</summary>
internal static class MicroCommand
{
    public static Command Create()
    {
        var command = new Command("micro", "BenchmarkDotNet micro-benchmarks: all by default; BenchmarkDotNet arguments (--filter, --job short...) pass through.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(result =>
        {
            var args = result.UnmatchedTokens.ToList();
            if (!args.Contains("--filter") && !args.Contains("--list"))
            {
                args.AddRange(["--filter", "*"]); // Without a filter BenchmarkDotNet asks on stdin.
            }

            if (!args.Contains("--inProcess"))
            {
                // BenchmarkDotNet's generated project would inherit the repo's central package
                // management and warnings-as-errors, which it is not written for.
                args.Add("--inProcess");
            }

            var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run([.. args]);
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        });
        return command;
    }
}
