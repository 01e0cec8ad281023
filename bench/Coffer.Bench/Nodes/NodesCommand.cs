using System.CommandLine;
using Coffer.Bench.Load;

namespace Coffer.Bench.Nodes;

/// <summary><c>nodes</c>: secret set, get and backup on SQLite, PostgreSQL and two PostgreSQL nodes, each against the floor.</summary>
internal static class NodesCommand
{
    public static Command Create()
    {
        var shared = new LoadOptions(seconds: 8, rounds: 4, warmUpSeconds: 10);
        var synchronousCommit = new Option<bool>("--synchronous-commit")
        {
            Description = "Run PostgreSQL with synchronous_commit on (each commit waits for its WAL flush); off by default, as SQLite's WAL with synchronous=NORMAL.",
        };
        var command = new Command("nodes", "Secret set/get/backup on SQLite, PostgreSQL and two PostgreSQL nodes, as ratios to the floor in the same run.");
        foreach (var option in shared.All.Append(synchronousCommit))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new NodesSettings(shared.Bind(result), result.GetValue(synchronousCommit));
            var problems = settings.Load.Validate();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems));
                return 2;
            }

            return await NodesRun.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
