using System.Text.Json;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core;
using Coffer.Core.Backup.Archive;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer backup vault</c> and <c>coffer restore vault</c>: per object and through Coffer's snapshot, resumable, refusing damaged archives.</summary>
public sealed class VaultBackupCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task BackupVaultPerObject_RestoreIntoAnEmptyVault_SameObjectsAndVersions()
    {
        var source = await fixture.CreateVaultAsync();
        var target = await fixture.CreateVaultAsync();
        await SeedAsync(source);
        var file = fixture.NewFile(".archive");

        var backup = await fixture.RunAsync("backup", "vault", "--vault-name", source, "--out", file, "--per-object", "-o", "json");
        var restore = await fixture.RunAsync("restore", "vault", "--from", file, "--vault-name", target, "--per-object");

        Assert.Equal((0, ""), (backup.ExitCode, backup.Error));
        using var summary = JsonDocument.Parse(backup.Output);
        Assert.Equal(("rest", 4), (summary.RootElement.GetProperty("source").GetString(), summary.RootElement.GetProperty("objects").GetInt32()));
        Assert.Equal((0, false), (restore.ExitCode, restore.Error.Contains("error", StringComparison.Ordinal)));
        Assert.Contains("4 restored, 0 skipped, 0 failed", restore.Output, StringComparison.Ordinal);
        Assert.Equal(await fixture.VaultContentAsync(source), await fixture.VaultContentAsync(target));
    }

    [Fact]
    public async Task BackupVault_AgainstCoffer_TakesTheSignedSnapshotThatRestoresThroughTheServer()
    {
        var source = await fixture.CreateVaultAsync();
        var target = await fixture.CreateVaultAsync();
        await SeedAsync(source);
        var file = fixture.NewFile(".archive");

        var backup = await fixture.RunAsync("backup", "vault", "--vault-name", source, "--out", file, "-o", "json");
        var inspect = await fixture.RunAsync("backup", "inspect", file);
        var restore = await fixture.RunAsync("restore", "vault", "--from", file, "--vault-url", fixture.VaultUri(target).ToString(), "-o", "json");

        Assert.Equal((0, ""), (backup.ExitCode, backup.Error));
        using var summary = JsonDocument.Parse(backup.Output);
        Assert.Equal(("coffer", true), (summary.RootElement.GetProperty("source").GetString(), summary.RootElement.GetProperty("signed").GetBoolean()));
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("Coffer snapshot", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("certificate  cert", inspect.Output, StringComparison.Ordinal);
        Assert.Equal((0, false), (restore.ExitCode, restore.Error.Contains("error", StringComparison.Ordinal)));
        using var report = JsonDocument.Parse(restore.Output);
        Assert.Equal(4, report.RootElement.GetProperty("restored").GetArrayLength());
        Assert.Equal(await fixture.VaultContentAsync(source), await fixture.VaultContentAsync(target));
    }

    [Fact]
    public async Task BackupVaultResume_AfterTheCliWasKilled_FetchesOnlyTheRestAndWritesTheWholeVault()
    {
        var source = await fixture.CreateVaultAsync();
        var secrets = fixture.SecretClient(source);
        var names = Enumerable.Range(0, 150).Select(i => $"s{i:D3}").ToList();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, token) => await secrets.SetSecretAsync(name, name, token));
        var file = fixture.NewFile(".archive");
        var journal = file + ".journal";

        var interrupted = fixture.Start(["backup", "vault", "--vault-name", source, "--out", file, "--per-object", "--parallel", "1"]);
        var fetchedBeforeKill = await WaitForBlobsAsync(journal, 3);
        interrupted.Kill(entireProcessTree: true);
        await interrupted.WaitForExitAsync();
        var finishedBeforeKill = File.Exists(file);
        var kept = Directory.GetFiles(journal, "*.blob").ToDictionary(f => Path.GetFileNameWithoutExtension(f) ?? "", File.ReadAllBytes);
        var refused = await fixture.RunAsync("backup", "vault", "--vault-name", source, "--out", file, "--per-object");
        var resumed = await fixture.RunAsync("backup", "vault", "--vault-name", source, "--out", file, "--per-object", "--resume");

        Assert.True(fetchedBeforeKill && !finishedBeforeKill, "the run was killed before it finished");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--resume", refused.Error, StringComparison.Ordinal);
        Assert.Equal((0, false), (resumed.ExitCode, resumed.Error.Contains("error", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(journal));
        var archived = new List<VaultArchiveObject>();
        await using (var stream = File.OpenRead(file))
        {
            await foreach (var item in VaultArchiveReader.ReadObjectsAsync(stream, null, default))
            {
                archived.Add(item);
            }
        }

        Assert.Equal(names, archived.Select(a => a.Entry.Name));
        Assert.All(kept, pair => Assert.Equal(pair.Value, archived[int.Parse(pair.Key, System.Globalization.CultureInfo.InvariantCulture)].Blob));
    }

    [Fact]
    public async Task RestoreVault_OneByteChangedOrTruncated_RefusedWithAClearMessageAndNothingWritten()
    {
        var source = await fixture.CreateVaultAsync();
        var target = await fixture.CreateVaultAsync();
        await fixture.SecretClient(source).SetSecretAsync("only", "value");
        var file = fixture.NewFile(".archive");
        Assert.Equal(0, (await fixture.RunAsync("backup", "vault", "--vault-name", source, "--out", file, "--per-object")).ExitCode);
        var bytes = await File.ReadAllBytesAsync(file);
        var changed = fixture.NewFile(".archive");
        var copy = bytes.ToArray();
        copy[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(changed, copy);
        var truncated = fixture.NewFile(".archive");
        await File.WriteAllBytesAsync(truncated, bytes[..^10]);

        var changedResult = await fixture.RunAsync("restore", "vault", "--from", changed, "--vault-name", target);
        var truncatedResult = await fixture.RunAsync("restore", "vault", "--from", truncated, "--vault-name", target, "--per-object");
        var inspectResult = await fixture.RunAsync("backup", "inspect", changed);

        Assert.Equal(2, changedResult.ExitCode);
        Assert.StartsWith("error: Vault archive is corrupt", changedResult.Error, StringComparison.Ordinal);
        Assert.Equal(2, truncatedResult.ExitCode);
        Assert.Contains("cut short", truncatedResult.Error, StringComparison.Ordinal);
        Assert.Equal(2, inspectResult.ExitCode);
        Assert.Empty(await fixture.VaultContentAsync(target));
    }

    [Fact]
    public async Task RestoreVaultPerObject_NamesTaken_FailWritesNothingAndSkipSkips()
    {
        var source = await fixture.CreateVaultAsync();
        var target = await fixture.CreateVaultAsync();
        await fixture.SecretClient(source).SetSecretAsync("taken", "from-archive");
        await fixture.SecretClient(source).SetSecretAsync("free", "from-archive");
        await fixture.SecretClient(target).SetSecretAsync("taken", "already-there");
        var file = fixture.NewFile(".archive");
        await fixture.RunAsync("backup", "vault", "--vault-name", source, "--out", file, "--per-object");

        var failed = await fixture.RunAsync("restore", "vault", "--from", file, "--vault-name", target, "--per-object");
        var afterFail = await fixture.VaultContentAsync(target);
        var skipped = await fixture.RunAsync("restore", "vault", "--from", file, "--vault-name", target, "--per-object", "--on-conflict", "skip");

        Assert.Equal(4, failed.ExitCode);
        Assert.Contains("secret taken", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(afterFail, c => c.StartsWith("secret/free", StringComparison.Ordinal));
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains("1 restored, 1 skipped, 0 failed", skipped.Output, StringComparison.Ordinal);
        Assert.Equal("already-there", (await fixture.SecretClient(target).GetSecretAsync("taken")).Value.Value);
        Assert.Equal("from-archive", (await fixture.SecretClient(target).GetSecretAsync("free")).Value.Value);
    }

    [Fact]
    public async Task RestoreVaultPerObject_OverwriteIfPurged_ReplacesASoftDeletedNameAndFailsAnActiveOne()
    {
        var source = await fixture.CreateVaultAsync();
        var target = await fixture.CreateVaultAsync();
        await fixture.SecretClient(source).SetSecretAsync("deleted-there", "from-archive");
        await fixture.SecretClient(source).SetSecretAsync("active-there", "from-archive");
        var targetSecrets = fixture.SecretClient(target);
        await targetSecrets.SetSecretAsync("deleted-there", "old");
        await (await targetSecrets.StartDeleteSecretAsync("deleted-there")).WaitForCompletionAsync();
        await targetSecrets.SetSecretAsync("active-there", "kept");
        var file = fixture.NewFile(".archive");
        await fixture.RunAsync("backup", "vault", "--vault-name", source, "--out", file, "--per-object");

        var result = await fixture.RunAsync("restore", "vault", "--from", file, "--vault-name", target, "--per-object", "--on-conflict", "overwrite-if-purged");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("1 restored, 0 skipped, 1 failed", result.Output, StringComparison.Ordinal);
        Assert.Equal("from-archive", (await targetSecrets.GetSecretAsync("deleted-there")).Value.Value);
        Assert.Equal("kept", (await targetSecrets.GetSecretAsync("active-there")).Value.Value);
    }

    private async Task SeedAsync(string vault)
    {
        var secrets = fixture.SecretClient(vault);
        await secrets.SetSecretAsync("alpha", "1");
        await secrets.SetSecretAsync("alpha", "2");
        await secrets.SetSecretAsync("beta", "3");
        var keys = fixture.KeyVaultClient(vault);
        await keys.CreateKeyAsync("signing", "EC", default);
        await keys.CreateKeyAsync("signing", "EC", default);
        var certificates = fixture.CertificateClient(vault);
        await (await certificates.StartCreateCertificateAsync("cert", CertificatePolicy.Default)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
    }

    /// <summary>Polls (bounded: 60 s) until the journal holds <paramref name="count"/> fetched blobs.</summary>
    private static async Task<bool> WaitForBlobsAsync(string journal, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(journal) && Directory.GetFiles(journal, "*.blob").Length >= count)
            {
                return true;
            }

            await Task.Delay(5);
        }

        return false;
    }
}
