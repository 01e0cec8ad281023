using System.CommandLine;

namespace Coffer.Bench.Load;

/// <summary><c>load</c>: cold start of <c>coffer serve</c>, then Coffer and the floor under the same load.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var shared = new LoadOptions(seconds: 10, rounds: 5, warmUpSeconds: 15);
        var coldStarts = new Option<int>("--cold-starts") { Description = "Cold-start runs (each: new data dir, then a restart); medians are reported. 0 skips.", DefaultValueFactory = _ => 3 };
        var cofferHttp = new Option<bool>("--coffer-http") { Description = "Also drive Coffer with the floor's plain HttpClients and a bearer token, to split SDK cost from server cost." };
        var coffer = new Option<string?>("--coffer") { Description = "The built coffer.dll for the cold-start probe (default: this repo's src/Coffer build)." };
        var auditOff = new Option<bool>("--audit-off") { Description = "Also drive a second Coffer with the audit log off, in the same interleaved phases, to report the audit log's cost as a ratio." };

        var command = new Command("load", "Drive Coffer and a minimal Kestrel floor with concurrent clients; report ops/s, latency and ratios.");
        foreach (var option in shared.All.Concat([coldStarts, cofferHttp, coffer, auditOff]))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = shared.Bind(result, result.GetValue(coldStarts), result.GetValue(cofferHttp), result.GetValue(coffer), result.GetValue(auditOff));
            var problems = settings.Validate();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems));
                return 2;
            }

            return await LoadRun.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
