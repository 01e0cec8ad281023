using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;
using Coffer.Core.Backup.Schedules;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Cli.Tests;

/// <summary>
/// Two nodes (in-process, one root key, one authority) on one PostgreSQL database and one fake clock: every node's job
/// timer fires as time passes, and each due backup runs once, on one node; a run claimed by a node that then dies is
/// made by the other once the claim's lease ends, and only then.
/// </summary>
[Collection(TwoNodeGroup.Name)]
public sealed class ScheduledBackupTwoNodeTests(TwoNodeFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    // Five past the hour: the hourly test's three hours and nine extra minutes then never reach another top of the hour
    // (started at real time, it made a fourth, rightful run whenever it began after ten to).
    private readonly FakeTimeProvider _time = new(StartOfHour(DateTimeOffset.UtcNow).AddMinutes(5));
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-scheduled-nodes-").FullName;
    private readonly List<CofferApplication> _nodes = [];

    public async Task InitializeAsync()
    {
        var database = await fixture.Cluster.CreateDatabaseAsync();
        var rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        foreach (var name in new[] { "a", "b" })
        {
            var options = new CofferOptions
            {
                DataDirectory = Path.Combine(_directory, name), RootKey = rootKey, AuthorityHost = "https://localhost:8443", RsaKeyPoolSize = 0,
                JobInterval = TimeSpan.FromMinutes(1), JobLease = Lease,
            };
            var node = await CofferServer.CreateAsync(options, services => services.AddCofferPostgres(database),
                builder => builder.WebHost.UseTestServer(), _time);
            await node.App.StartAsync();
            _nodes.Add(node);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await StopAsync(node);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task HourlySchedule_BothNodesLooking_EachDueRunMadeOnce()
    {
        var vault = await NewVaultWithSecretAsync();
        var destination = Path.Combine(_directory, "archives");
        await Management(_nodes[1]).SetBackupScheduleAsync(vault, new BackupScheduleRequest("0 * * * *", null, destination), default);

        for (var hour = 1; hour <= 3; hour++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            await RunsAsync(vault, hour);
            for (var minute = 0; minute < 3; minute++)
            {
                _time.Advance(TimeSpan.FromMinutes(1)); // more passes of both nodes, with nothing due
            }
        }

        var runs = await RunsAsync(vault, 3);
        Assert.All(runs, r => Assert.Equal(("succeeded", 1), (r.Outcome, r.Attempt)));
        Assert.Equal(runs.Select(r => r.File).Order(), Directory.GetFiles(destination).Select(Path.GetFileName).Order());
        Assert.Equal(3, runs.Select(r => r.StartedOn / 3600).Distinct().Count());
    }

    [Fact]
    public async Task RunClaimedByANodeThatDies_IsMadeByTheOtherAfterTheLease_Once()
    {
        var vault = await NewVaultWithSecretAsync();
        await Management(_nodes[0]).SetBackupScheduleAsync(vault, new BackupScheduleRequest(null, "PT1H", Path.Combine(_directory, "archives")), default);
        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1)); // not yet due: no node claims it
        var a = _nodes[0];
        var claimedOn = _time.GetUtcNow().AddSeconds(1);
        var claim = await a.App.Services.GetRequiredService<IBackupScheduleStore>().ClaimDueAsync(claimedOn, Lease, default); // as A's runner would
        await StopAsync(a); // ... and A dies before it writes anything
        _nodes.Remove(a);

        _time.Advance(TimeSpan.FromMinutes(5)); // due, but claimed: B passes over it
        _time.Advance(Lease);
        var runs = await RunsAsync(vault, 1, _nodes[0]);

        Assert.NotNull(claim);
        Assert.Equal("succeeded", runs[0].Outcome);
        Assert.True(runs[0].StartedOn >= (claimedOn + Lease).ToUnixTimeSeconds(), "B ran it before A's claim ended");
    }

    private static DateTimeOffset StartOfHour(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, TimeSpan.Zero);

    private async Task<string> NewVaultWithSecretAsync()
    {
        var vault = "v" + Guid.NewGuid().ToString("N")[..12];
        await Management(_nodes[0]).CreateVaultAsync(new VaultCreateRequest(vault, "westus2"), default);
        var secrets = new SecretClient(new Uri($"https://{vault}.{_nodes[1].Options.DnsSuffix}"), Credential(_nodes[1]),
            new SecretClientOptions { Transport = Transport(_nodes[1]), Retry = { MaxRetries = 0 } });
        await secrets.SetSecretAsync("s", "v");
        return vault;
    }

    /// <summary>The vault's runs once there are <paramref name="count"/> (bounded: 60 s), as <paramref name="node"/> (default: the last) lists them.</summary>
    private async Task<IReadOnlyList<BackupRunInfo>> RunsAsync(string vault, int count, CofferApplication? node = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var runs = await Management(node ?? _nodes[^1]).ListBackupRunsAsync(vault, null, default);
            if (runs.Count >= count)
            {
                Assert.True(runs.Count == count,
                    $"{runs.Count} runs, not {count}: " + string.Join("; ", runs.Select(r => $"{r.StartedOn} {r.Outcome} #{r.Attempt} {r.Error}")));
                return runs;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{runs.Count} of {count} scheduled runs after 60 s");
            await Task.Delay(50);
        }
    }

    private static async Task StopAsync(CofferApplication node)
    {
        await node.App.StopAsync();
        await node.DisposeAsync();
    }

    private static HttpPipelineTransport Transport(CofferApplication node) =>
        new HttpClientTransport(((TestServer)node.App.Services.GetRequiredService<IServer>()).CreateHandler());

    private static ClientSecretCredential Credential(CofferApplication node) => new(
        node.Deployment.TenantId, node.Deployment.DefaultClientId, node.Deployment.DefaultClientSecret,
        new ClientSecretCredentialOptions { AuthorityHost = new Uri(node.Options.Authority), DisableInstanceDiscovery = true, Transport = Transport(node) });

    private static CofferManagementClient Management(CofferApplication node) =>
        new(new Uri(node.Options.Authority), Credential(node), node.Options.Resource, new SecretClientOptions { Transport = Transport(node) });
}
