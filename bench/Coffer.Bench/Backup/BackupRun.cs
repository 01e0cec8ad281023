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
        await output.WriteLineAsync($"  seeding {settings.Objects} secrets and {settings.Objects} keys, and a blob of each...");
        await using var main = await BackupCoffer.StartAsync(null, settings, RestoreLocation, cancellationToken);
        await using var noAudit = settings.AuditCompare ? await BackupCoffer.StartAsync(o => o.Audit = false, settings, RestoreLocation, cancellationToken) : null;
        var coffer = main.Coffer;
        var objects = main.Objects;
        var token = main.Token;
        using var floorHttp = new VaultHttpClients(floorHost.Ca, phases.Clients, token);

        // The floor: same names, each payload as long as Coffer's blob of that object, restores answered with a body as long as Coffer's (a get of the object).
        var vault = coffer.Deployment.DefaultVaultName;
        var floorObjects = new BackupObjects(
            [.. Enumerable.Range(0, objects.Count).Select(i => floor.Add("secrets", BackupObjects.SecretName(i), objects.SecretBlobs[i].Length - BackupFloor.Overhead))],
            [.. Enumerable.Range(0, objects.Count).Select(i => floor.Add("keys", BackupObjects.KeyName(i), objects.KeyBlobs[i].Length - BackupFloor.Overhead))]);
        floor.SetRestoreAnswer("secrets", await main.Http.GetBytesAsync(0, VaultHttpClients.Url(coffer.DefaultVaultUrl, "secrets/" + BackupObjects.SecretName(0)), cancellationToken));
        floor.SetRestoreAnswer("keys", await main.Http.GetBytesAsync(0, VaultHttpClients.Url(coffer.DefaultVaultUrl, "keys/" + BackupObjects.KeyName(0)), cancellationToken));

        var floorVaults = new VaultMaker(_ => Task.CompletedTask);
        using var sdk = new SdkSecretBackupTarget(coffer, phases.Clients, objects.SecretBlobs, main.SecretRestores, objects.Pick);
        var floorSecrets = new HttpBackupTarget(floorHttp, floorHost.VaultUrl, vault, "secrets", BackupObjects.SecretName, floorObjects.SecretBlobs,
            new RestoreVaults(floorVaults, objects.Count), objects.Pick);
        var floorKeys = new HttpBackupTarget(floorHttp, floorHost.VaultUrl, vault, "keys", BackupObjects.KeyName, floorObjects.KeyBlobs,
            new RestoreVaults(floorVaults, objects.Count), objects.Pick);

        // The targets of each kind, the floor last; only the audited Coffer's backups count for the goal.
        var secretTargets = new List<BackupTarget>();
        if (settings.Sdk)
        {
            secretTargets.Add(new("coffer", "(SecretClient)", true, sdk.BackupAsync, sdk.RestoreAsync, sdk.EitherAsync));
        }

        secretTargets.Add(new("coffer-http", "(HttpClient)", true, main.Secrets.BackupAsync, main.Secrets.RestoreAsync, main.Secrets.EitherAsync));
        var keyTargets = new List<BackupTarget> { new("coffer-http", "(HttpClient)", true, main.Keys.BackupAsync, main.Keys.RestoreAsync, main.Keys.EitherAsync) };
        if (noAudit is not null)
        {
            secretTargets.Add(new("coffer-no-audit", "(HttpClient, audit off)", false, noAudit.Secrets.BackupAsync, noAudit.Secrets.RestoreAsync, noAudit.Secrets.EitherAsync));
            keyTargets.Add(new("coffer-no-audit", "(HttpClient, audit off)", false, noAudit.Keys.BackupAsync, noAudit.Keys.RestoreAsync, noAudit.Keys.EitherAsync));
        }

        secretTargets.Add(new("floor", "", false, floorSecrets.BackupAsync, floorSecrets.RestoreAsync, floorSecrets.EitherAsync));
        keyTargets.Add(new("floor", "", false, floorKeys.BackupAsync, floorKeys.RestoreAsync, floorKeys.EitherAsync));

        // Warm-up: backups and restores in turn on every target.
        foreach (var (kind, targets) in new[] { ("secrets", secretTargets), ("keys", keyTargets) })
        {
            foreach (var target in targets)
            {
                await InterleavedPhase.WarmUpAsync($"{target.Name} {kind} warm-up", phases, phases.MaxOpsPerClient, target.Either, output, cancellationToken);
            }
        }

        var secretBackup = await RunPhaseAsync("secret backup", secretTargets, t => t.Backup, phases, output, cancellationToken);
        var secretRestore = await RunPhaseAsync("secret restore", secretTargets, t => t.Restore, phases, output, cancellationToken);
        var keyBackup = await RunPhaseAsync("key backup", keyTargets, t => t.Backup, phases, output, cancellationToken);
        var keyRestore = await RunPhaseAsync("key restore", keyTargets, t => t.Restore, phases, output, cancellationToken);

        await output.WriteLineAsync("  backup and restore steps, one thread...");
        await main.Vaults.EnsureAsync(BackupSteps.InsertVault, cancellationToken);
        await main.Vaults.EnsureAsync(BackupSteps.RestoreVault, cancellationToken);
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
            history = await HistoryProbe.RunAsync(coffer, sdk, main.Vaults, settings.HistoryVersions, settings.ValueBytes, settings.HistoryRuns, output, cancellationToken);
        }

        var comparisons = new List<PhaseComparison>();
        var goal = new List<GoalCheck>();
        foreach (var (kind, targets, backups, restores) in new[] { ("secret", secretTargets, secretBackup, secretRestore), ("key", keyTargets, keyBackup, keyRestore) })
        {
            var last = targets.Count - 1;
            for (var i = 0; i < last; i++)
            {
                comparisons.Add(PhaseComparison.From($"{kind} backup {targets[i].Label}", backups[i], backups[last]));
                if (targets[i].CountsForGoal)
                {
                    goal.Add(Goal(comparisons[^1].Phase, comparisons[^1]));
                }

                comparisons.Add(PhaseComparison.From($"{kind} restore {targets[i].Label}", restores[i], restores[last]));
            }
        }

        var summary = new BackupSummary(
            phases.Clients, phases.PhaseDuration.TotalSeconds, Environment.ProcessorCount, settings.Objects, settings.ValueBytes,
            (int)objects.SecretBlobs.Average(b => b.Length), (int)objects.KeyBlobs.Average(b => b.Length), comparisons, goal, steps, history,
            main.Vaults.Created + (noAudit?.Vaults.Created ?? 0),
            coffer.ServerLog.Warnings + (noAudit?.Coffer.ServerLog.Warnings ?? 0) + floorHost.ServerLog.Warnings,
            coffer.ServerLog.Errors + (noAudit?.Coffer.ServerLog.Errors ?? 0) + floorHost.ServerLog.Errors);
        await output.WriteLineAsync();
        await BackupReport.WriteAsync(output, environment, summary,
            [.. secretBackup, .. secretRestore, .. keyBackup, .. keyRestore],
            [("coffer", coffer.ServerLog), .. noAudit is null ? [] : new[] { ("coffer-no-audit", noAudit.Coffer.ServerLog) }, ("floor", floorHost.ServerLog)]);
        var json = JsonSerializer.Serialize(summary, BackupSummaryJsonContext.Default.BackupSummary);
        await output.WriteLineAsync(json);
        if (settings.JsonPath is not null)
        {
            await File.WriteAllTextAsync(settings.JsonPath, json + Environment.NewLine, cancellationToken);
        }

        return 0;
    }

    private static Task<PhaseResult[]> RunPhaseAsync(string phase, List<BackupTarget> targets, Func<BackupTarget, Func<int, int, CancellationToken, Task>> operation,
        PhaseSettings phases, TextWriter output, CancellationToken cancellationToken) =>
        InterleavedPhase.RunAsync(phase, [.. targets.Select(t => t.Name)], phases, output, [.. targets.Select(operation)], cancellationToken);

    private static GoalCheck Goal(string phase, PhaseComparison comparison) =>
        new(phase, comparison.Coffer.OpsPerSec, comparison.Ratio,
            comparison.Coffer.OpsPerSec >= BackupSettings.GoalOpsPerSecond, comparison.Ratio >= BackupSettings.GoalFloorShare);
}

/// <summary>One target of the backup phases: its name in the tables, its label in the ratios, and its three operations.</summary>
internal sealed record BackupTarget(
    string Name,
    string Label,
    bool CountsForGoal,
    Func<int, int, CancellationToken, Task> Backup,
    Func<int, int, CancellationToken, Task> Restore,
    Func<int, int, CancellationToken, Task> Either);
