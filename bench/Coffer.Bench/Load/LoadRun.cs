using System.Globalization;

namespace Coffer.Bench.Load;

/// <summary>
/// The whole <c>load</c> run: cold start, then the floor and Coffer warmed up and driven by the same
/// clients through a set phase and a get phase, each split into slices that alternate between them.
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(LoadSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var environment = RunEnvironment.Describe(settings, RunEnvironment.Configuration());
        await output.WriteLineAsync(environment);

        ColdStartSeries? coldStart = null;
        if (settings.ColdStartRuns > 0)
        {
            var cofferDll = settings.CofferDll ?? ColdStartProbe.DefaultCofferDll();
            if (!File.Exists(cofferDll))
            {
                await Console.Error.WriteLineAsync($"{cofferDll} is missing: build it (dotnet build -c Release src/Coffer), pass --coffer, or --cold-starts 0.");
                return 1;
            }

            await output.WriteLineAsync($"cold start: {settings.ColdStartRuns} x (new data dir, restart) of {cofferDll}");
            coldStart = await ColdStartProbe.RunAsync(cofferDll, settings.ColdStartRuns, cancellationToken);
        }

        var value = new string('v', settings.ValueBytes);
        await using var floor = await FloorTarget.StartAsync(settings.Clients, cancellationToken);
        await using var coffer = await CofferTarget.StartAsync(settings.Clients, cancellationToken);
        await using var cofferHttp = settings.CofferHttp ? await CofferHttpTarget.CreateAsync(coffer, settings.Clients, cancellationToken) : null;
        await using var cofferNoAudit = settings.AuditCompare ? await CofferTarget.StartWithoutAuditAsync(settings.Clients, cancellationToken) : null;
        ILoadTarget[] targets = [floor, coffer, .. new ILoadTarget?[] { cofferHttp, cofferNoAudit }.OfType<ILoadTarget>()];

        var warmUps = new PhaseResult[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            warmUps[i] = await WarmUpAsync(targets[i], settings, value, output, cancellationToken);
        }

        var sets = await RunInterleavedAsync("set", targets, settings, output,
            target => (client, seq, token) => target.SetAsync(client, LoadNames.Set(client, seq), value, token), cancellationToken);

        var names = sets.Select(LoadNames.SetBy).ToArray();
        var gets = await RunInterleavedAsync("get", targets, settings, output, target =>
        {
            var pick = LoadNames.RandomPicks(names[Array.IndexOf(targets, target)], settings.Clients);
            return (client, _, token) => target.GetAsync(client, pick(client), token);
        }, cancellationToken);

        var results = targets.Select((target, i) => new TargetResult(target.Name, warmUps[i], sets[i], gets[i], target.ServerLog)).ToArray();
        var (floorResult, cofferResult) = (results[0], results[1]);
        var cofferHttpResult = results.SingleOrDefault(r => r.Name == "coffer-http");
        var noAuditResult = results.SingleOrDefault(r => r.Name == "coffer-no-audit");
        var summary = LoadSummary.From(settings, coldStart, cofferResult, floorResult, cofferHttpResult, noAuditResult);
        await output.WriteLineAsync();
        await LoadReport.WriteTableAsync(output, environment, cofferResult, floorResult, cofferHttpResult, summary, noAuditResult);
        var json = LoadReport.Json(summary);
        await output.WriteLineAsync(json);
        if (settings.JsonPath is not null)
        {
            await File.WriteAllTextAsync(settings.JsonPath, json + Environment.NewLine, cancellationToken);
        }

        return 0;
    }

    /// <summary>Token, challenge, TLS handshakes and tiered JIT (seconds, on few cores) happen here, outside the measured phases.</summary>
    private static async Task<PhaseResult> WarmUpAsync(
        ILoadTarget target, LoadSettings settings, string value, TextWriter output, CancellationToken cancellationToken)
    {
        var warmUp = await LoadPhase.RunAsync($"{target.Name} warm-up", settings.Clients, settings.WarmUpDuration, settings.WarmUpOpsPerClient, 0,
            async (client, seq, token) =>
            {
                var name = LoadNames.WarmUp(client, seq);
                await target.SetAsync(client, name, value, token);
                await target.GetAsync(client, name, token);
            }, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {warmUp.Label}: {warmUp.Failed} errors; set+get pairs per second (should level off): {string.Join(' ', warmUp.PerSecond)}"));
        return warmUp.Succeeded > 0
            ? warmUp
            : throw new InvalidOperationException($"Every {target.Name} warm-up operation failed: {LoadReport.DescribeErrors(warmUp)}");
    }

    /// <summary>One phase per target, in slices alternating between targets (and which goes first), so slow drifts in background load hit both.</summary>
    private static Task<PhaseResult[]> RunInterleavedAsync(
        string phase, ILoadTarget[] targets, LoadSettings settings, TextWriter output,
        Func<ILoadTarget, Func<int, int, CancellationToken, Task>> operationFor, CancellationToken cancellationToken) =>
        InterleavedPhase.RunAsync(phase, [.. targets.Select(t => t.Name)], settings.Phases, output,
            [.. targets.Select(operationFor)], cancellationToken);
}
