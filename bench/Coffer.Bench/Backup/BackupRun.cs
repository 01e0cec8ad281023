using System.Globalization;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Coffer.Bench.Load;
using Coffer.Core;

namespace Coffer.Bench.Backup;

/// <summary>
/// The whole <c>backup</c> run: an in-process Coffer seeded with N secrets and N RSA keys and the
/// backup floor seeded with payloads as long as Coffer's blobs; backup and restore phases per kind,
/// each target in turn; the requests' steps one by one; the long-history probe.
/// </summary>
internal static class BackupRun
{
    private const string RestoreLocation = "westus2"; // another region of the default vault's geography (US)

    public static async Task<int> RunAsync(BackupSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var phases = settings.Phases;
        var environment = string.Create(CultureInfo.InvariantCulture,
            $"Coffer backup bench: {phases.Clients} clients, {phases.PhaseDuration.TotalSeconds:0.#} s per phase in {phases.Rounds} rounds; " +
            $"{settings.Objects} secrets ({BackupSettings.SecretVersions} versions of {settings.ValueBytes} B) and {settings.Objects} RSA-2048 keys (1-2 versions); ") +
            RunEnvironment.Machine(RunEnvironment.Configuration());
        await output.WriteLineAsync(environment);

        var floor = new BackupFloor();
        await using var floorHost = await FloorHost.StartAsync(floor.Map, cancellationToken);
        await using var coffer = await InProcessCoffer.StartAsync(null, cancellationToken);
        var token = await coffer.GetTokenAsync(cancellationToken);
        using var cofferHttp = new VaultHttpClients(coffer.Server.Authority.Certificate, phases.Clients, token);
        using var floorHttp = new VaultHttpClients(floorHost.Ca, phases.Clients, token);

        await output.WriteLineAsync($"  seeding {settings.Objects} secrets and {settings.Objects} keys, and a blob of each...");
        BackupObjects objects;
        using (var seedTransport = new HttpClientTransport(Loopback.CreateHandler(coffer.Server.Authority.Certificate)))
        {
            var seedClient = new SecretClient(coffer.DefaultVaultUrl, coffer.CreateCredential(seedTransport), new SecretClientOptions { Transport = seedTransport });
            objects = await BackupSeeder.SeedAsync(coffer, seedClient, cofferHttp, settings.Objects, settings.ValueBytes, cancellationToken);
        }

        // The floor: same names, each payload as long as Coffer's blob of that object, restores answered with a body as long as Coffer's (a get of the object).
        var vault = coffer.Deployment.DefaultVaultName;
        var floorObjects = new BackupObjects(
            [.. Enumerable.Range(0, objects.Count).Select(i => floor.Add("secrets", BackupObjects.SecretName(i), objects.SecretBlobs[i].Length - BackupFloor.Overhead))],
            [.. Enumerable.Range(0, objects.Count).Select(i => floor.Add("keys", BackupObjects.KeyName(i), objects.KeyBlobs[i].Length - BackupFloor.Overhead))]);
        floor.SetRestoreAnswer("secrets", await cofferHttp.GetBytesAsync(0, VaultHttpClients.Url(coffer.DefaultVaultUrl, "secrets/" + BackupObjects.SecretName(0)), cancellationToken));
        floor.SetRestoreAnswer("keys", await cofferHttp.GetBytesAsync(0, VaultHttpClients.Url(coffer.DefaultVaultUrl, "keys/" + BackupObjects.KeyName(0)), cancellationToken));

        var cofferVaults = new VaultMaker(name => coffer.CreateVaultAsync(name, RestoreLocation, CancellationToken.None));
        var floorVaults = new VaultMaker(_ => Task.CompletedTask);
        var cofferSecretRestores = new RestoreVaults(cofferVaults, objects.Count);
        var cofferKeyRestores = new RestoreVaults(cofferVaults, objects.Count);
        using var sdk = new SdkSecretBackupTarget(coffer, phases.Clients, objects.SecretBlobs, cofferSecretRestores, objects.Pick);
        var httpSecrets = new HttpBackupTarget(cofferHttp, coffer.VaultUrl, vault, "secrets", BackupObjects.SecretName, objects.SecretBlobs, cofferSecretRestores, objects.Pick);
        var httpKeys = new HttpBackupTarget(cofferHttp, coffer.VaultUrl, vault, "keys", BackupObjects.KeyName, objects.KeyBlobs, cofferKeyRestores, objects.Pick);
        var floorSecrets = new HttpBackupTarget(floorHttp, floorHost.VaultUrl, vault, "secrets", BackupObjects.SecretName, floorObjects.SecretBlobs,
            new RestoreVaults(floorVaults, objects.Count), objects.Pick);
        var floorKeys = new HttpBackupTarget(floorHttp, floorHost.VaultUrl, vault, "keys", BackupObjects.KeyName, floorObjects.KeyBlobs,
            new RestoreVaults(floorVaults, objects.Count), objects.Pick);

        // Warm-up: backups and restores in turn on every target.
        var warmUpOps = phases.MaxOpsPerClient;
        if (settings.Sdk)
        {
            await InterleavedPhase.WarmUpAsync("coffer secrets warm-up", phases, warmUpOps, sdk.EitherAsync, output, cancellationToken);
        }

        await InterleavedPhase.WarmUpAsync("coffer-http secrets warm-up", phases, warmUpOps, httpSecrets.EitherAsync, output, cancellationToken);
        await InterleavedPhase.WarmUpAsync("floor secrets warm-up", phases, warmUpOps, floorSecrets.EitherAsync, output, cancellationToken);
        await InterleavedPhase.WarmUpAsync("coffer-http keys warm-up", phases, warmUpOps, httpKeys.EitherAsync, output, cancellationToken);
        await InterleavedPhase.WarmUpAsync("floor keys warm-up", phases, warmUpOps, floorKeys.EitherAsync, output, cancellationToken);

        string[] secretTargets = settings.Sdk ? ["coffer", "coffer-http", "floor"] : ["coffer-http", "floor"];
        Func<int, int, CancellationToken, Task>[] secretBackups = settings.Sdk
            ? [sdk.BackupAsync, httpSecrets.BackupAsync, floorSecrets.BackupAsync]
            : [httpSecrets.BackupAsync, floorSecrets.BackupAsync];
        Func<int, int, CancellationToken, Task>[] secretRestores = settings.Sdk
            ? [sdk.RestoreAsync, httpSecrets.RestoreAsync, floorSecrets.RestoreAsync]
            : [httpSecrets.RestoreAsync, floorSecrets.RestoreAsync];
        var secretBackup = await InterleavedPhase.RunAsync("secret backup", secretTargets, phases, output, secretBackups, cancellationToken);
        var secretRestore = await InterleavedPhase.RunAsync("secret restore", secretTargets, phases, output, secretRestores, cancellationToken);
        var keyBackup = await InterleavedPhase.RunAsync("key backup", ["coffer-http", "floor"], phases, output,
            [httpKeys.BackupAsync, floorKeys.BackupAsync], cancellationToken);
        var keyRestore = await InterleavedPhase.RunAsync("key restore", ["coffer-http", "floor"], phases, output,
            [httpKeys.RestoreAsync, floorKeys.RestoreAsync], cancellationToken);

        await output.WriteLineAsync("  backup and restore steps, one thread...");
        await cofferVaults.EnsureAsync(BackupSteps.InsertVault, cancellationToken);
        await cofferVaults.EnsureAsync(BackupSteps.RestoreVault, cancellationToken);
        var stepper = new BackupSteps(coffer, floor, token);
        var steps = new List<StepCost> { await stepper.TokenAsync(cancellationToken) };
        // Samples: s-0 (3 versions), k-1 (2 versions); whole restores go through every blob, as the phases do.
        steps.AddRange(await stepper.BackupAsync(ObjectKind.Secret, BackupObjects.SecretName(0), floorObjects.SecretBlobs[0], cancellationToken));
        steps.AddRange(await stepper.BackupAsync(ObjectKind.Key, BackupObjects.KeyName(1), floorObjects.KeyBlobs[1], cancellationToken));
        steps.AddRange(await stepper.RestoreAsync(ObjectKind.Secret, objects.SecretBlobs, 0, floorObjects.SecretBlobs[0], cancellationToken));
        steps.AddRange(await stepper.RestoreAsync(ObjectKind.Key, objects.KeyBlobs, 1, floorObjects.KeyBlobs[1], cancellationToken));

        HistorySummary? history = null;
        if (settings.HistoryVersions > 0)
        {
            await output.WriteLineAsync($"  long history: {settings.HistoryVersions} versions...");
            floor.ForgetRestored(); // hundreds of MB after the restore phases; not the server's
            history = await HistoryProbe.RunAsync(coffer, sdk, cofferVaults, settings.HistoryVersions, settings.ValueBytes, settings.HistoryRuns, output, cancellationToken);
        }

        var last = secretTargets.Length - 1;
        var comparisons = new List<PhaseComparison>();
        var goal = new List<GoalCheck>();
        for (var i = 0; i < last; i++)
        {
            var via = secretTargets[i] == "coffer" ? " (SecretClient)" : " (HttpClient)";
            comparisons.Add(PhaseComparison.From("secret backup" + via, secretBackup[i], secretBackup[last]));
            goal.Add(Goal("secret backup" + via, comparisons[^1]));
            comparisons.Add(PhaseComparison.From("secret restore" + via, secretRestore[i], secretRestore[last]));
        }

        comparisons.Add(PhaseComparison.From("key backup (HttpClient)", keyBackup[0], keyBackup[1]));
        goal.Add(Goal("key backup (HttpClient)", comparisons[^1]));
        comparisons.Add(PhaseComparison.From("key restore (HttpClient)", keyRestore[0], keyRestore[1]));

        var summary = new BackupSummary(
            phases.Clients, phases.PhaseDuration.TotalSeconds, Environment.ProcessorCount, settings.Objects, settings.ValueBytes,
            (int)objects.SecretBlobs.Average(b => b.Length), (int)objects.KeyBlobs.Average(b => b.Length), comparisons, goal, steps, history,
            cofferVaults.Created, coffer.ServerLog.Warnings + floorHost.ServerLog.Warnings, coffer.ServerLog.Errors + floorHost.ServerLog.Errors);
        await output.WriteLineAsync();
        await BackupReport.WriteAsync(output, environment, summary,
            [.. secretBackup, .. secretRestore, .. keyBackup, .. keyRestore], [("coffer", coffer.ServerLog), ("floor", floorHost.ServerLog)]);
        var json = JsonSerializer.Serialize(summary, BackupSummaryJsonContext.Default.BackupSummary);
        await output.WriteLineAsync(json);
        if (settings.JsonPath is not null)
        {
            await File.WriteAllTextAsync(settings.JsonPath, json + Environment.NewLine, cancellationToken);
        }

        return 0;
    }

    private static GoalCheck Goal(string phase, PhaseComparison comparison) =>
        new(phase, comparison.Coffer.OpsPerSec, comparison.Ratio,
            comparison.Coffer.OpsPerSec >= BackupSettings.GoalOpsPerSecond, comparison.Ratio >= BackupSettings.GoalFloorShare);
}
