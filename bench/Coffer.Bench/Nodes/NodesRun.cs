using System.Buffers.Text;
using System.Security.Cryptography;
using Coffer.Bench.Backup;
using Coffer.Bench.Load;
using Coffer.Tests;

namespace Coffer.Bench.Nodes;

/// <summary>One measured phase: each target's result, and the PostgreSQL cluster's CPU during that target's slices.</summary>
internal sealed record NodesPhase(string Phase, PhaseResult[] Results, TimeSpan[] PostgresCpu);

/// <summary>
/// The whole <c>nodes</c> run: a throw-away PostgreSQL cluster; the floor, Coffer on SQLite, Coffer on PostgreSQL, and
/// two Coffer nodes on one PostgreSQL database, all in this process; each warmed up, then set, get and backup phases
/// interleaved across them. The cluster's own CPU is read from <c>/proc</c> around every slice.
/// </summary>
internal static class NodesRun
{
    public static async Task<int> RunAsync(NodesSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Coffer nodes bench: {settings.Load.Clients} clients, {settings.Load.PhaseDuration.TotalSeconds:0.#} s per phase and target, "
            + $"{settings.Load.ValueBytes}-byte values, PostgreSQL {settings.PostgresSettings}; {RunEnvironment.Machine(RunEnvironment.Configuration())}");
        var cluster = new PostgresCluster(settings.PostgresSettings);
        await cluster.InitializeAsync();
        try
        {
            var floor = new BackupFloor();
            var targets = await StartTargetsAsync(cluster, floor, settings.Load.Clients, cancellationToken);
            try
            {
                var phases = await MeasureAsync(targets, floor, settings, new PostgresCpu(cluster.DataDirectory), output, cancellationToken);
                var summary = NodesReport.Write(output, settings, targets, phases);
                if (settings.Load.JsonPath is not null)
                {
                    await File.WriteAllTextAsync(settings.Load.JsonPath, summary + Environment.NewLine, cancellationToken);
                }
            }
            finally
            {
                foreach (var target in targets)
                {
                    await target.DisposeAsync();
                }
            }
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        return 0;
    }

    /// <summary>The floor and the three deployments; the two nodes share a root key, a database and the first node's authority.</summary>
    private static async Task<NodesTarget[]> StartTargetsAsync(PostgresCluster cluster, BackupFloor floor, int clients, CancellationToken cancellationToken)
    {
        var targets = new List<NodesTarget>();
        try
        {
            targets.Add(NodesTarget.Floor(await FloorHost.StartAsync(app =>
            {
                FloorServer.Map(app);
                floor.Map(app);
            }, cancellationToken), clients));
            targets.Add(await NodesTarget.CofferAsync("sqlite", [await InProcessCoffer.StartAsync(null, null, cancellationToken)], clients, cancellationToken));
            targets.Add(await NodesTarget.CofferAsync("postgres",
                [await InProcessCoffer.StartAsync(null, await cluster.CreateDatabaseAsync(), cancellationToken)], clients, cancellationToken));
            var database = await cluster.CreateDatabaseAsync();
            var rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var first = await InProcessCoffer.StartAsync(options => options.RootKey = rootKey, database, cancellationToken);
            var second = await InProcessCoffer.StartAsync(options =>
            {
                options.RootKey = rootKey;
                options.AuthorityHost = first.Options.Authority;
            }, database, cancellationToken);
            targets.Add(await NodesTarget.CofferAsync("postgres-2-nodes", [first, second], clients, cancellationToken));
            return [.. targets];
        }
        catch
        {
            foreach (var target in targets)
            {
                await target.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task<List<NodesPhase>> MeasureAsync(
        NodesTarget[] targets, BackupFloor floor, NodesSettings settings, PostgresCpu postgres, TextWriter output, CancellationToken cancellationToken)
    {
        var value = new string('v', settings.Load.ValueBytes);
        var meter = new SliceCpuMeter(postgres.Read, targets.Length);
        foreach (var target in targets)
        {
            await InterleavedPhase.WarmUpAsync($"{target.Name} warm-up", settings.Load.Phases, settings.Load.WarmUpOpsPerClient, async (client, seq, token) =>
            {
                var name = LoadNames.WarmUp(client, seq);
                await target.SetAsync(client, name, value, token);
                await target.GetAsync(client, name, token);
            }, output, cancellationToken);
        }

        async Task<NodesPhase> PhaseAsync(string phase, Func<NodesTarget, Func<int, int, CancellationToken, Task>> operationFor)
        {
            var results = await InterleavedPhase.RunAsync(phase, [.. targets.Select(t => t.Name)], settings.Load.Phases, output,
                [.. targets.Select(operationFor)], cancellationToken, meter.BeforeSliceAsync);
            return new NodesPhase(phase, results, meter.Finish());
        }

        var sets = await PhaseAsync("set", target => (client, seq, token) => target.SetAsync(client, LoadNames.Set(client, seq), value, token));
        var names = sets.Results.Select(LoadNames.SetBy).ToArray();
        var gets = await PhaseAsync("get", target =>
        {
            var pick = LoadNames.RandomPicks(names[Array.IndexOf(targets, target)], settings.Load.Clients);
            return (client, _, token) => target.GetAsync(client, pick(client), token);
        });

        // The floor backs up what it was given: each name it stored, as long as Coffer's blob of such a secret.
        var blobBytes = Base64Url.DecodeFromChars(await targets[1].BackupAsync(0, names[1][0], cancellationToken)).Length;
        foreach (var name in names[0])
        {
            floor.Add("secrets", name, blobBytes - BackupFloor.Overhead);
        }

        Func<int, int, CancellationToken, Task> Backups(NodesTarget target)
        {
            var pick = LoadNames.RandomPicks(names[Array.IndexOf(targets, target)], settings.Load.Clients);
            return (client, _, token) => target.BackupAsync(client, pick(client), token);
        }

        var backupWarmUp = settings.Load.Phases with { WarmUpDuration = settings.Load.WarmUpDuration / 2 };
        foreach (var target in targets)
        {
            await InterleavedPhase.WarmUpAsync($"{target.Name} backup warm-up", backupWarmUp, settings.Load.WarmUpOpsPerClient, Backups(target), output, cancellationToken);
        }

        var backups = await PhaseAsync("backup", Backups);
        return [sets, gets, backups];
    }
}
