using System.Text.Json;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core;
using Coffer.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>coffer backup reseal</c>: blobs and archives of an eastus vault, re-sealed by an admin, restore into a westeurope
/// vault as they were; without it the geography rule stands; non-admins and admins without rights are refused.
/// </summary>
public sealed class BackupResealCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private string Subscription => fixture.Server.Deployment.SubscriptionId;

    private string Server => fixture.Server.Options.Authority;

    [Fact]
    public async Task Reseal_SecretKeyAndCertificate_RestoreIntoWesteuropeEqualToTheSource()
    {
        var east = await fixture.CreateVaultAsync("eastus");
        var west = await fixture.CreateVaultAsync("westeurope");
        var secrets = fixture.SecretClient(east);
        await secrets.SetSecretAsync(new KeyVaultSecret("moved", "one") { Properties = { ContentType = "text/plain", Tags = { ["env"] = "prod" } } });
        await secrets.SetSecretAsync("moved", "two");
        await fixture.KeyVaultClient(east).CreateKeyAsync("moved-key", "EC", default);
        await (await fixture.CertificateClient(east).StartCreateCertificateAsync("moved-cert", CertificatePolicy.Default))
            .WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);

        foreach (var (kind, name) in new[] { ("secret", "moved"), ("key", "moved-key"), ("certificate", "moved-cert") })
        {
            var blob = fixture.NewFile();
            var resealed = fixture.NewFile();
            Assert.Equal(0, (await fixture.RunAsync(kind, "backup", "--name", name, "--vault-name", east, "--file", blob)).ExitCode);

            var refused = await fixture.RunAsync(kind, "restore", "--file", blob, "--vault-name", west);
            var reseal = await fixture.RunAsync("backup", "reseal", "--in", blob, "--out", resealed, "--to-subscription", Subscription,
                "--to-geography", "westeurope", "--server", Server);
            var restore = await fixture.RunAsync(kind, "restore", "--file", resealed, "--vault-name", west);

            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("BackupGeographyMismatch", refused.Error, StringComparison.Ordinal);
            Assert.Equal((0, ""), (reseal.ExitCode, reseal.Error));
            Assert.Contains($"to {Subscription}/Europe", reseal.Output, StringComparison.OrdinalIgnoreCase);
            Assert.Equal((0, ""), (restore.ExitCode, restore.Error));
        }

        Assert.Equal(await fixture.VaultContentAsync(east), await fixture.VaultContentAsync(west));
        var westSecrets = fixture.SecretClient(west);
        await foreach (var version in secrets.GetPropertiesOfSecretVersionsAsync("moved"))
        {
            KeyVaultSecret there = await westSecrets.GetSecretAsync("moved", version.Version);
            KeyVaultSecret here = await secrets.GetSecretAsync("moved", version.Version);
            Assert.Equal((here.Value, here.Properties.ContentType, here.Properties.Tags.Count), (there.Value, there.Properties.ContentType, there.Properties.Tags.Count));
        }

        var eastKey = await fixture.KeyVaultClient(east).GetAsync(ObjectKind.Key, "moved-key", null, default);
        var westKey = await fixture.KeyVaultClient(west).GetAsync(ObjectKind.Key, "moved-key", null, default);
        Assert.Equal(eastKey.GetProperty("key").GetProperty("x").GetString(), westKey.GetProperty("key").GetProperty("x").GetString());
        KeyVaultCertificateWithPolicy eastCert = await fixture.CertificateClient(east).GetCertificateAsync("moved-cert");
        KeyVaultCertificateWithPolicy westCert = await fixture.CertificateClient(west).GetCertificateAsync("moved-cert");
        Assert.Equal(eastCert.Cer, westCert.Cer);
    }

    [Fact]
    public async Task Reseal_WholeVaultArchive_RestoresIntoWesteuropeAndInspectSaysResealed()
    {
        var east = await fixture.CreateVaultAsync("eastus");
        var west = await fixture.CreateVaultAsync("westeurope");
        var secrets = fixture.SecretClient(east);
        await secrets.SetSecretAsync("a", "1");
        await secrets.SetSecretAsync("a", "2");
        await fixture.KeyVaultClient(east).CreateKeyAsync("k", "RSA", default);
        await (await fixture.CertificateClient(east).StartCreateCertificateAsync("c", CertificatePolicy.Default))
            .WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), default);
        var archive = fixture.NewFile(".archive");
        var resealed = fixture.NewFile(".archive");
        Assert.Equal(0, (await fixture.RunAsync("backup", "vault", "--vault-name", east, "--out", archive)).ExitCode);

        var refused = await fixture.RunAsync("restore", "vault", "--from", archive, "--vault-name", west);
        var reseal = await fixture.RunAsync("backup", "reseal", "--in", archive, "--out", resealed, "--to-subscription", Subscription,
            "--to-geography", "Europe", "--server", Server);
        var inspect = await fixture.RunAsync("backup", "inspect", resealed, "-o", "json");
        var restore = await fixture.RunAsync("restore", "vault", "--from", resealed, "--vault-name", west, "-o", "json");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("BackupGeographyMismatch", refused.Error, StringComparison.Ordinal);
        Assert.Equal((0, ""), (reseal.ExitCode, reseal.Error));
        using var header = JsonDocument.Parse(inspect.Output);
        Assert.Equal("Europe", header.RootElement.GetProperty("geography").GetString());
        var mark = header.RootElement.GetProperty("resealed");
        Assert.Equal(("US", await DefaultClientObjectIdAsync()),
            (mark.GetProperty("fromGeography").GetString(), mark.GetProperty("by").GetString()));
        Assert.Equal((0, false), (restore.ExitCode, restore.Error.Contains("error", StringComparison.Ordinal)));
        using var report = JsonDocument.Parse(restore.Output);
        Assert.Equal(3, report.RootElement.GetProperty("restored").GetArrayLength());
        Assert.Equal(await fixture.VaultContentAsync(east), await fixture.VaultContentAsync(west));
        Assert.Equal("2", (await fixture.SecretClient(west).GetSecretAsync("a")).Value.Value);
    }

    [Fact]
    public async Task Reseal_Blob_InspectShowsWhenByWhomAndFromWhere_AuditNamesBothPairs()
    {
        var east = await fixture.CreateVaultAsync("eastus");
        var west = await fixture.CreateVaultAsync("westeurope");
        await fixture.SecretClient(east).SetSecretAsync("audited", "v");
        var blob = fixture.NewFile();
        var resealed = fixture.NewFile();
        await fixture.RunAsync("secret", "backup", "--name", "audited", "--vault-name", east, "--file", blob);

        var reseal = await fixture.RunAsync("backup", "reseal", "--in", blob, "--out", resealed, "--to-subscription", Subscription,
            "--to-geography", "westeurope", "--server", Server);
        var inspect = await fixture.RunAsync("backup", "inspect", resealed);
        var verified = await fixture.RunAsync("backup", "inspect", resealed, "--verify", "--vault-name", west);

        Assert.Equal(0, reseal.ExitCode);
        Assert.Equal((0, ""), (verified.ExitCode, verified.Error));
        Assert.Contains("restorable here: yes", verified.Output, StringComparison.Ordinal);
        Assert.Contains($"re-sealed:       {DateTimeOffset.UtcNow:yyyy-MM-dd}", verified.Output, StringComparison.Ordinal);
        Assert.Contains("geography:       Europe", inspect.Output, StringComparison.Ordinal);
        Assert.Matches($"re-sealed:       {DateTimeOffset.UtcNow:yyyy-MM-dd} .* by {await DefaultClientObjectIdAsync()}, from subscription {Subscription}, geography US",
            inspect.Output);
        var entry = await AuditEntryAsync("audited");
        Assert.Equal(("BackupReseal", 200), (entry.Operation, entry.Status));
        Assert.Equal($"{Subscription}/US -> {Subscription}/Europe", entry.ObjectVersion, ignoreCase: true);
    }

    [Fact]
    public async Task Reseal_NonAdmin_Is403AndWritesNothing()
    {
        var east = await fixture.CreateVaultAsync("eastus");
        await fixture.SecretClient(east).SetSecretAsync("guarded", "v");
        var blob = fixture.NewFile();
        var resealed = fixture.NewFile();
        await fixture.RunAsync("secret", "backup", "--name", "guarded", "--vault-name", east, "--file", blob);
        var client = await fixture.CreateClientAsync();

        var result = await fixture.RunAsync(["backup", "reseal", "--in", blob, "--out", resealed, "--to-subscription", Subscription,
            "--to-geography", "westeurope", "--server", Server], client.Secret, client.ClientId);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("403", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(resealed));
    }

    [Fact]
    public async Task Reseal_AdminWithoutRightsOnEitherSide_Is403UnlessOverriddenAndTheAuditSaysSo()
    {
        var east = await fixture.CreateVaultAsync("eastus");
        await fixture.CreateVaultAsync("westeurope");
        await fixture.SecretClient(east).SetSecretAsync("overridden", "v");
        var blob = fixture.NewFile();
        var resealed = fixture.NewFile();
        await fixture.RunAsync("secret", "backup", "--name", "overridden", "--vault-name", east, "--file", blob);
        var admin = await fixture.CreateClientAsync(admin: true);
        string[] args = ["backup", "reseal", "--in", blob, "--out", resealed, "--to-subscription", Subscription, "--to-geography", "westeurope", "--server", Server];

        var refused = await fixture.RunAsync(args, admin.Secret, admin.ClientId);
        var refusedExists = File.Exists(resealed);
        var overridden = await fixture.RunAsync([.. args, "--admin-override"], admin.Secret, admin.ClientId);

        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("secrets/backup permission on no vault", refused.Error, StringComparison.Ordinal);
        Assert.False(refusedExists);
        Assert.Equal((0, ""), (overridden.ExitCode, overridden.Error));
        var entry = await AuditEntryAsync("overridden", status: 200);
        Assert.Equal((admin.ObjectId, $"{Subscription}/US -> {Subscription}/Europe (admin override)".ToLowerInvariant()),
            (entry.ObjectId, entry.ObjectVersion?.ToLowerInvariant()));
    }

    [Fact]
    public async Task Reseal_GarbageTruncatedOrForeignInput_Is400WithNothingWritten()
    {
        var east = await fixture.CreateVaultAsync("eastus");
        await fixture.SecretClient(east).SetSecretAsync("cut", "v");
        var blob = fixture.NewFile();
        await fixture.RunAsync("secret", "backup", "--name", "cut", "--vault-name", east, "--file", blob);
        var truncated = fixture.NewFile();
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(blob))[..^7]);
        var garbage = fixture.NewFile();
        await File.WriteAllBytesAsync(garbage, "not a backup at all"u8.ToArray());
        var archive = fixture.NewFile(".archive");
        await fixture.RunAsync("backup", "vault", "--vault-name", east, "--out", archive);
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 1;
        await File.WriteAllBytesAsync(archive, bytes);

        foreach (var (input, expected) in new[] { (truncated, "BadParameter"), (garbage, "BadParameter"), (archive, "MalformedBackupArchive") })
        {
            var output = fixture.NewFile();
            var result = await fixture.RunAsync("backup", "reseal", "--in", input, "--out", output, "--to-subscription", Subscription,
                "--to-geography", "westeurope", "--server", Server);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"400 {expected}", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }

        foreach (var (subscription, geography, named) in new[] { ("not-a-guid", "westeurope", "toSubscription"), (Subscription, "atlantis", "toGeography") })
        {
            var output = fixture.NewFile();
            var result = await fixture.RunAsync("backup", "reseal", "--in", blob, "--out", output, "--to-subscription", subscription,
                "--to-geography", geography, "--server", Server);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"400 BadParameter: {named}", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }

        var same = fixture.NewFile();
        var sameGeography = await fixture.RunAsync("backup", "reseal", "--in", blob, "--out", same, "--to-subscription", Subscription,
            "--to-geography", "westus", "--server", Server);
        Assert.Equal(2, sameGeography.ExitCode);
        Assert.Contains("already sealed", sameGeography.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(same));
    }

    /// <summary>The newest BackupReseal entry naming <paramref name="name"/> (with <paramref name="status"/>), polled for: outcomes are stored in the background.</summary>
    private async Task<AuditEntry> AuditEntryAsync(string name, int? status = 200)
    {
        var store = fixture.Server.App.Services.GetRequiredService<IAuditStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = (await store.TailAsync(200, default)).Select(r => r.Entry)
                .LastOrDefault(e => e.Operation == "BackupReseal" && e.ObjectName == name && e.Status == status);
            if (found is not null || DateTime.UtcNow > deadline)
            {
                return found ?? throw new Xunit.Sdk.XunitException($"No BackupReseal entry for {name} with status {status}.");
            }

            await Task.Delay(50);
        }
    }

    private async Task<string> DefaultClientObjectIdAsync() =>
        (await fixture.Server.App.Services.GetRequiredService<Coffer.Core.Storage.IClientStore>().FindAsync(fixture.Server.Deployment.DefaultClientId, default))!.ObjectId;
}
