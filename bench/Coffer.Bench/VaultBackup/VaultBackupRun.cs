using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Coffer.Bench.Load;
using Coffer.Core.Backup.Archive;
using Coffer.Server.Hosting;

namespace Coffer.Bench.VaultBackup;

/// <summary>
/// The <c>vault-backup</c> run: seed a vault of N objects × V versions straight into the store, serve it
/// from a <c>coffer serve</c> child, then back it up alternately through the snapshot endpoint and the
/// per-object REST loop, each run timed with the peak RSS of the server and of this process (the client),
/// and each archive checked afterwards.
/// </summary>
internal static class VaultBackupRun
{
    public static async Task<int> RunAsync(VaultBackupSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var environment = string.Create(CultureInfo.InvariantCulture,
            $"Coffer vault-backup bench: {settings.Objects} objects (9 secrets : 1 EC key) × {settings.Versions} versions of {settings.ValueBytes} B; " +
            $"REST loop {settings.Parallelism}-way; {settings.Runs} runs each; ") + RunEnvironment.Machine(RunEnvironment.Configuration());
        await output.WriteLineAsync(environment);
        var dataDirectory = Directory.CreateTempSubdirectory("coffer-bench-vault-backup-");
        try
        {
            var options = new CofferOptions { DataDirectory = dataDirectory.FullName, Port = Loopback.FreePort() };
            await output.WriteLineAsync($"  seeding {settings.Objects} objects...");
            var deployment = await VaultBackupSeeder.SeedAsync(options, settings.Objects, settings.Versions, settings.ValueBytes, cancellationToken);

            await using var server = await ChildCoffer.StartAsync(settings.CofferDll, dataDirectory.FullName, options.Port, cancellationToken);
            var token = await TokenAsync(server, options, deployment, cancellationToken);
            using var clients = new VaultBackupClients(server, new Uri($"https://{deployment.DefaultVaultName}.{options.DnsSuffix}:{options.Port}/"),
                token, settings.Parallelism);
            var snapshotFile = Path.Combine(dataDirectory.FullName, "snapshot.archive");
            var loopFile = Path.Combine(dataDirectory.FullName, "loop.archive");

            await output.WriteLineAsync("  warm-up: one snapshot, a REST loop of 1000 objects...");
            await clients.SnapshotAsync(snapshotFile, cancellationToken);
            await clients.RestLoopAsync(loopFile, 1000, cancellationToken);

            var snapshots = new List<PathResult>();
            var loops = new List<PathResult>();
            for (var run = 0; run < settings.Runs; run++)
            {
                snapshots.Add(await MeasureAsync("snapshot", server, snapshotFile, ct => clients.SnapshotAsync(snapshotFile, ct), output, cancellationToken));
                loops.Add(await MeasureAsync("rest-loop", server, loopFile, ct => clients.RestLoopAsync(loopFile, null, ct), output, cancellationToken));
            }

            var restored = 0;
            var restore = await PeakRss.MeasureAsync(server.ProcessId,
                async ct => restored = await clients.RestoreIntoNewVaultAsync(snapshotFile, new Uri(options.Authority + "/"), "westus2", ct), cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  restore    {restore.Seconds,8:0.000} s  {restored} objects into a new westus2 vault  server RSS {restore.ServerBeforeMb:0} → {restore.ServerPeakMb:0} MB"));

            var summary = VaultBackupSummary.From(settings, snapshots, loops, new PathResult("restore", restore.Seconds, restored, new FileInfo(snapshotFile).Length,
                restore.ServerBeforeMb, restore.ServerPeakMb, restore.ClientBeforeMb, restore.ClientPeakMb));
            await output.WriteLineAsync();
            await VaultBackupSummary.WriteAsync(output, summary);
            var json = JsonSerializer.Serialize(summary, VaultBackupJsonContext.Default.VaultBackupSummary);
            await output.WriteLineAsync(json);
            if (settings.JsonPath is not null)
            {
                await File.WriteAllTextAsync(settings.JsonPath, json + Environment.NewLine, cancellationToken);
            }

            return summary.Objects.All(count => count == settings.Objects) && restored == settings.Objects ? 0 : 1;
        }
        finally
        {
            TempDirectories.Delete(dataDirectory);
        }
    }

    private static async Task<PathResult> MeasureAsync(string path, ChildCoffer server, string file, Func<CancellationToken, Task<long>> backup,
        TextWriter output, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var measured = await PeakRss.MeasureAsync(server.ProcessId, async ct => bytes = await backup(ct), cancellationToken);
        await using var archive = File.OpenRead(file);
        var verified = await VaultArchiveReader.VerifyAsync(archive, null, null, cancellationToken);
        var result = new PathResult(path, measured.Seconds, verified.ObjectCount, bytes, measured.ServerBeforeMb, measured.ServerPeakMb,
            measured.ClientBeforeMb, measured.ClientPeakMb);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {path,-10} {result.Seconds,8:0.000} s  {result.Objects} objects  {bytes / 1048576.0,7:0.0} MB  " +
            $"server RSS {result.ServerBeforeMb:0} → {result.ServerPeakMb:0} MB  client RSS {result.ClientBeforeMb:0} → {result.ClientPeakMb:0} MB"));
        return result;
    }

    private static async Task<string> TokenAsync(ChildCoffer server, CofferOptions options, Deployment deployment, CancellationToken cancellationToken)
    {
        using var transport = new HttpClientTransport(Loopback.CreateHandler(server.Ca));
        var credential = new ClientSecretCredential(deployment.TenantId, deployment.DefaultClientId, deployment.DefaultClientSecret,
            new ClientSecretCredentialOptions { AuthorityHost = new Uri(options.Authority), DisableInstanceDiscovery = true, Transport = transport });
        return (await credential.GetTokenAsync(new TokenRequestContext([options.Resource + "/.default"]), cancellationToken)).Token;
    }
}

/// <summary>One timed backup of the whole vault by one path, its archive checked afterwards.</summary>
internal sealed record PathResult(string Path, double Seconds, int Objects, long Bytes, double ServerBeforeMb, double ServerPeakMb,
    double ClientBeforeMb, double ClientPeakMb);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(VaultBackupSummary))]
internal sealed partial class VaultBackupJsonContext : JsonSerializerContext;
