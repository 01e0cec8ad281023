using Azure;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client.Management;
using Coffer.Core.Backup.Schedules;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Server.Tests;

/// <summary>
/// Scheduled whole-vault backups on a server whose one clock is a fake: time moves by hours in a moment, the server's
/// job timer fires as it passes, and each run is awaited (bounded) through the management API before time moves again.
/// </summary>
public sealed class ScheduledBackupTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _destination = Directory.CreateTempSubdirectory("coffer-scheduled-").FullName;
    private readonly CofferFixture _fixture;

    public ScheduledBackupTests() =>
        _fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-test-").FullName,
            configureOptions: o => o.JobInterval = TimeSpan.FromMinutes(1), time: _time);

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        Directory.Delete(_destination, recursive: true);
    }

    [Fact]
    public async Task HourlySchedule_After3NHours_KeepsExactlyNArchives_NewestRestoresIntoAnEmptyVaultEqualToTheSource()
    {
        const int keep = 3;
        var source = await VaultArchiveCalls.NewVaultAsync(_fixture);
        var secrets = _fixture.SecretClient(source);
        await secrets.SetSecretAsync("db-password", "first");
        await secrets.SetSecretAsync("api-key", "k1");
        var management = _fixture.ManagementClient();
        var schedule = await management.SetBackupScheduleAsync(source, new BackupScheduleRequest("0 * * * *", null, _destination, KeepLast: keep), default);

        for (var hour = 1; hour <= 3 * keep; hour++)
        {
            if (hour == 3 * keep)
            {
                await _fixture.SecretClient(source).SetSecretAsync("db-password", "last"); // only the newest archive holds it
            }

            _time.Advance(TimeSpan.FromHours(1));
            await RunsAsync(source, hour);
        }

        var runs = await _fixture.ManagementClient().ListBackupRunsAsync(source, null, default);
        var archives = Directory.GetFiles(_destination).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(3 * keep, runs.Count);
        Assert.All(runs, r => Assert.Equal(("succeeded", 1, 2), (r.Outcome, r.Attempt, r.Objects)));
        Assert.Equal(runs.Take(keep).Select(r => r.File).Order(), archives);
        Assert.InRange(runs[^1].StartedOn - schedule.NextRunOn, 0, 3599); // the first ran in the hour it was first due
        var newest = await File.ReadAllBytesAsync(Path.Combine(_destination, runs[0].File!));
        Assert.Equal(runs[0].Bytes, newest.Length);
        Assert.Equal(runs[0].Digest, (await VaultArchiveCalls.SummaryAsync(_fixture, newest)).Digest); // the digest coffer backup inspect shows

        var target = await VaultArchiveCalls.NewVaultAsync(_fixture);
        var (status, _) = await VaultArchiveCalls.RestoreAsync(_fixture, target, newest);

        Assert.Equal(200, status);
        Assert.Equal(await VaultArchiveCalls.DescribeVaultAsync(_fixture, source), await VaultArchiveCalls.DescribeVaultAsync(_fixture, target));
        Assert.Equal("last", (await _fixture.SecretClient(target).GetSecretAsync("db-password")).Value.Value);
    }

    [Fact]
    public async Task FailedRun_IsRecordedAndRetriedAfterABackOff_ThenSucceeds()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        await _fixture.SecretClient(vault).SetSecretAsync("s", "v");
        var blocker = Path.Combine(_destination, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "a file where the destination directory should be");
        await _fixture.ManagementClient().SetBackupScheduleAsync(vault, new BackupScheduleRequest(null, "PT6H", Path.Combine(blocker, "archives")), default);

        _time.Advance(TimeSpan.FromHours(6));
        var failed = (await RunsAsync(vault, 1))[0];
        File.Delete(blocker);
        _time.Advance(TimeSpan.FromSeconds(30));
        var stillOne = await _fixture.ManagementClient().ListBackupRunsAsync(vault, null, default); // the retry waits its back-off
        _time.Advance(TimeSpan.FromSeconds(31));
        var runs = await RunsAsync(vault, 2);

        Assert.Equal(("failed", 1, null), (failed.Outcome, failed.Attempt, failed.File));
        Assert.False(string.IsNullOrEmpty(failed.Error));
        Assert.Single(stillOne);
        Assert.Equal(("succeeded", 2), (runs[0].Outcome, runs[0].Attempt));
        Assert.True(File.Exists(Path.Combine(blocker, "archives", runs[0].File!)));
        Assert.Equal(0, (await _fixture.ManagementClient().GetBackupScheduleAsync(vault, default)).FailedAttempts);
    }

    [Fact]
    public async Task Schedule_BadInput_Returns400_NoVault404_NoSchedule404_Removed()
    {
        var vault = await VaultArchiveCalls.NewVaultAsync(_fixture);
        var management = _fixture.ManagementClient();

        var badCron = await Assert.ThrowsAsync<RequestFailedException>(() =>
            management.SetBackupScheduleAsync(vault, new BackupScheduleRequest("every hour", null, _destination), default));
        var both = await Assert.ThrowsAsync<RequestFailedException>(() =>
            management.SetBackupScheduleAsync(vault, new BackupScheduleRequest("0 * * * *", "PT1H", _destination), default));
        var relative = await Assert.ThrowsAsync<RequestFailedException>(() =>
            management.SetBackupScheduleAsync(vault, new BackupScheduleRequest(null, "PT1H", "backups", KeepLast: 0), default));
        var noVault = await Assert.ThrowsAsync<RequestFailedException>(() =>
            management.SetBackupScheduleAsync("nosuchvault", new BackupScheduleRequest(null, "PT1H", _destination), default));
        var none = await Assert.ThrowsAsync<RequestFailedException>(() => management.GetBackupScheduleAsync(vault, default));
        await management.SetBackupScheduleAsync(vault, new BackupScheduleRequest(null, "P1D", _destination, KeepDays: 7), default);
        var set = await management.GetBackupScheduleAsync(vault, default);
        await management.DeleteBackupScheduleAsync(vault, default);
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => management.GetBackupScheduleAsync(vault, default));

        Assert.Equal([(400, "BadParameter"), (400, "BadParameter"), (400, "BadParameter"), (404, "VaultNotFound"), (404, "NotFound"), (404, "NotFound")],
            new[] { badCron, both, relative, noVault, none, gone }.Select(e => (e.Status, e.ErrorCode)));
        Assert.Contains("destination", relative.Message, StringComparison.Ordinal);
        Assert.Contains("keepLast", relative.Message, StringComparison.Ordinal);
        Assert.Equal((null, "P1D", 7, _time.GetUtcNow().AddDays(1).ToUnixTimeSeconds()), (set.Cron, set.Interval, set.KeepDays, set.NextRunOn));
    }

    /// <summary>The vault's runs, once there are <paramref name="count"/> of them (bounded: 60 s).</summary>
    private async Task<IReadOnlyList<BackupRunInfo>> RunsAsync(string vault, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var runs = await _fixture.ManagementClient().ListBackupRunsAsync(vault, null, default);
            if (runs.Count >= count)
            {
                Assert.Equal(count, runs.Count);
                return runs;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{runs.Count} of {count} scheduled runs after 60 s");
            await Task.Delay(50);
        }
    }
}
