using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Security.KeyVault.Certificates;
using Coffer.Core;
using Coffer.Core.Backup;
using Coffer.Core.Backup.Archive;
using Coffer.Core.Secrets;
using Coffer.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Coffer.Server.Tests.VaultArchiveCalls;

namespace Coffer.Server.Tests;

/// <summary>A vault of a thousand objects round trip, and snapshots taken while writes go on are point-in-time.</summary>
[Collection(CofferServerGroup.Name)]
public sealed class VaultArchiveScaleTests(CofferFixture fixture)
{
    private T Service<T>()
        where T : notnull => fixture.Server.App.Services.GetRequiredService<T>();

    /// <summary>
    /// 950 secrets × 3 versions are written through the secret service (the SDK path would take most of the
    /// test's time to seed); 40 keys × 2 versions over REST and 10 certificates × 2 versions with the SDK.
    /// </summary>
    [Fact]
    public async Task SnapshotRestore_ThousandObjects_EveryObjectAndVersionIdentical()
    {
        var source = await NewVaultAsync(fixture, "eastus");
        var vault = (await Service<IVaultStore>().GetAsync(source, default))!;
        var secrets = Service<SecretService>();
        for (var version = 0; version < 3; version++)
        {
            for (var i = 0; i < 950; i++)
            {
                await secrets.SetAsync(vault, $"s{i:D4}", new SecretSetRequest($"value {i}.{version}", version == 1 ? "text/plain" : null,
                    new ObjectAttributes(version != 1, null, null), version == 0 ? new Dictionary<string, string> { ["n"] = $"{i}" } : null), default);
            }
        }

        for (var i = 0; i < 80; i++)
        {
            await fixture.SendAsync("POST", $"/keys/k{i % 40:D2}/create?api-version={ApiVersion}", """{"kty":"EC"}""", source);
        }

        var certificates = fixture.CertificateClient(source);
        var policy = new CertificatePolicy("Self", "CN=scale") { KeyType = CertificateKeyType.Ec, KeyCurveName = CertificateKeyCurveName.P256 };
        for (var i = 0; i < 20; i++)
        {
            await (await certificates.StartCreateCertificateAsync($"c{i % 10}", policy)).WaitForCompletionAsync(TimeSpan.FromMilliseconds(20), default);
        }

        var archive = await SnapshotAsync(fixture, source);
        var target = await NewVaultAsync(fixture, "centralus");
        var (status, report) = await RestoreAsync(fixture, target, archive);

        var manifest = await ManifestAsync(fixture, archive);
        Assert.Equal(1000, manifest.Count);
        Assert.Equal(950 * 3 + 40 * 2 + 10 * 2, manifest.Sum(e => e.VersionCount));
        Assert.Equal(200, status);
        Assert.Equal(1000, report["restored"]!.AsArray().Count);
        Assert.Empty(report["failed"]!.AsArray());
        var (before, after) = (await DescribeVaultAsync(fixture, source), await DescribeVaultAsync(fixture, target));
        Assert.Equal(1000 + 950 * 3 + 40 * 2 + 10 * 2 * 3 + 20, after.Count); // certificates bring their key and secret
        Assert.Equal(before, after);
        Assert.Equal("value 17.2", (await fixture.SecretClient(target).GetSecretAsync("s0017")).Value.Value);
    }

    /// <summary>
    /// A writer adds versions to 200 secrets round robin, each value its sequence number, while snapshots are
    /// taken. A point-in-time snapshot holds exactly the writes 0..K for some K; one read object by object
    /// would hold a later write to a later name while missing an earlier write to an earlier name.
    /// </summary>
    [Fact]
    public async Task Snapshot_DuringConcurrentWrites_HoldsExactlyAPrefixOfTheWrites()
    {
        var name = await NewVaultAsync(fixture, "eastus");
        var vault = (await Service<IVaultStore>().GetAsync(name, default))!;
        var secrets = Service<SecretService>();
        const int Names = 200;
        var written = 0;
        async Task WriteNextAsync()
        {
            var sequence = written;
            await secrets.SetAsync(vault, $"t{sequence % Names:D3}", new SecretSetRequest(sequence.ToString(CultureInfo.InvariantCulture), null,
                new ObjectAttributes(true, null, null), null), default);
            Interlocked.Increment(ref written);
        }

        for (var i = 0; i < Names * 2; i++)
        {
            await WriteNextAsync();
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 200_000 && !stop.IsCancellationRequested; i++)
            {
                await WriteNextAsync();
            }
        });

        var overlapped = 0;
        var deadline = Stopwatch.StartNew();
        for (var snapshot = 0; snapshot < 4 || (overlapped == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30)); snapshot++)
        {
            var startedAt = Volatile.Read(ref written);
            var archive = await SnapshotAsync(fixture, name);
            overlapped += Volatile.Read(ref written) > startedAt ? 1 : 0;
            var values = await ValuesAsync(vault, archive);
            Assert.True(values.Count >= Names * 2);
            Assert.Equal(Enumerable.Range(0, values.Count), values.Order());
        }

        await stop.CancelAsync();
        await writer;
        Assert.True(overlapped > 0, "no write landed while a snapshot was being taken: the test proved nothing");
    }

    /// <summary>Every secret value in the archive, after checking each entry lists exactly its blob's versions.</summary>
    private async Task<List<int>> ValuesAsync(Core.Vaults.Vault vault, byte[] archive)
    {
        var backups = Service<BackupService>();
        var values = new List<int>();
        await foreach (var (entry, blob) in VaultArchiveReader.ReadObjectsAsync(new MemoryStream(archive), null, default))
        {
            var content = await backups.OpenAsync(vault, entry.Kind, blob, default);
            Assert.Equal(entry.Versions, content.Versions.Select(v => v.Version.Version));
            values.AddRange(content.Versions.Select(v => int.Parse(Encoding.UTF8.GetString(v.Material), CultureInfo.InvariantCulture)));
        }

        return values;
    }
}
