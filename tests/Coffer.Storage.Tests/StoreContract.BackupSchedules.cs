using Coffer.Core.Backup.Schedules;

namespace Coffer.Storage.Tests;

/// <summary>The backup schedules' contract: one schedule per vault, a due run claimed by one node only, runs recorded.</summary>
public abstract partial class StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task BackupSchedule_SetGetDelete_OnePerVault_NoVaultIsFalse()
    {
        var first = Schedule("vault1", Now);
        var replaced = first with { Cron = null, Interval = "PT1H", KeepLast = null, KeepDays = 7, NextRunOn = Now.AddHours(1) };

        Assert.True(await Store.BackupSchedules.SetAsync(first, default));
        Assert.True(await Store.BackupSchedules.SetAsync(replaced, default));
        Assert.False(await Store.BackupSchedules.SetAsync(Schedule("nowhere", Now), default));

        Assert.Equal(replaced, await Store.BackupSchedules.GetAsync("VAULT1", default));
        Assert.Null(await Store.BackupSchedules.GetAsync("vault2", default));
        Assert.True(await Store.BackupSchedules.DeleteAsync("vault1", default));
        Assert.False(await Store.BackupSchedules.DeleteAsync("vault1", default));
        Assert.Null(await Store.BackupSchedules.GetAsync("vault1", default));
    }

    [Fact]
    public async Task ClaimDue_OnlyDueAndUnclaimed_AgainOnceTheLeaseEnds()
    {
        await Store.BackupSchedules.SetAsync(Schedule("vault1", Now), default);
        await Store.BackupSchedules.SetAsync(Schedule("vault2", Now.AddHours(1)), default);

        var claim = await Store.BackupSchedules.ClaimDueAsync(Now, Lease, default);
        var whileClaimed = await Store.BackupSchedules.ClaimDueAsync(Now.AddMinutes(1), Lease, default);
        var afterLease = await Store.BackupSchedules.ClaimDueAsync(Now + Lease, Lease, default);

        Assert.Equal(("vault1", Now + Lease), (claim!.Schedule.Vault, claim.LeaseUntil));
        Assert.Null(whileClaimed);
        Assert.Equal("vault1", afterLease!.Schedule.Vault);
        Assert.NotEqual(claim.ClaimId, afterLease.ClaimId);
    }

    [Fact]
    public async Task Complete_WithTheClaim_RecordsRunAndMovesSchedule_LostClaim_RecordsRunOnly()
    {
        await Store.BackupSchedules.SetAsync(Schedule("vault1", Now), default);
        var stale = (await Store.BackupSchedules.ClaimDueAsync(Now, Lease, default))!;
        var current = (await Store.BackupSchedules.ClaimDueAsync(Now + Lease, Lease, default))!;
        var failed = Run(BackupRunOutcome.Failed, Now + Lease) with { Attempt = 1, Error = "disk full" };
        var succeeded = Run(BackupRunOutcome.Succeeded, Now + Lease + TimeSpan.FromMinutes(1)) with { Attempt = 2 };

        Assert.False(await Store.BackupSchedules.CompleteAsync(stale, failed, Now.AddDays(9), 5, default));
        Assert.True(await Store.BackupSchedules.CompleteAsync(current, succeeded, Now.AddHours(1), 0, default));

        var schedule = await Store.BackupSchedules.GetAsync("vault1", default);
        Assert.Equal((Now.AddHours(1), 0), (schedule!.NextRunOn, schedule.FailedAttempts));
        Assert.Equal([succeeded, failed], await Store.BackupSchedules.ListRunsAsync("vault1", 10, default));
        Assert.Equal([succeeded], await Store.BackupSchedules.ListRunsAsync("vault1", 1, default));
        Assert.Empty(await Store.BackupSchedules.ListRunsAsync("vault2", 10, default));
        Assert.Null(await Store.BackupSchedules.ClaimDueAsync(Now.AddMinutes(59), Lease, default)); // released, but not due
    }

    [Fact]
    public async Task Set_WhileClaimed_DropsTheClaim_SoTheOldRunDoesNotMoveTheNewSchedule()
    {
        await Store.BackupSchedules.SetAsync(Schedule("vault1", Now), default);
        var claim = (await Store.BackupSchedules.ClaimDueAsync(Now, Lease, default))!;
        var changed = Schedule("vault1", Now.AddMinutes(5)) with { Interval = "PT5M", Cron = null };
        await Store.BackupSchedules.SetAsync(changed, default);

        Assert.False(await Store.BackupSchedules.CompleteAsync(claim, Run(BackupRunOutcome.Succeeded, Now), Now.AddHours(1), 0, default));
        Assert.Equal(changed, await Store.BackupSchedules.GetAsync("vault1", default));
        Assert.NotNull(await Store.BackupSchedules.ClaimDueAsync(Now.AddMinutes(5), Lease, default));
    }

    [Fact]
    public async Task ClaimDue_TwoNodesAtOnce_EachDueScheduleClaimedOnce()
    {
        var nodes = new[] { Store, await OpenNodeAsync() };
        var vaults = Enumerable.Range(0, 6).Select(i => $"due{i}").ToList();
        foreach (var vault in vaults)
        {
            await Store.Vaults.CreateAsync(NewVault(vault), default);
            await Store.BackupSchedules.SetAsync(Schedule(vault, Now), default);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await nodes[i % 2].BackupSchedules.ClaimDueAsync(Now, Lease, default) is { } claim)
            {
                mine.Add(claim.Schedule.Vault);
            }

            return mine;
        })));

        Assert.Equal(vaults, claims.SelectMany(c => c).Order());
    }

    [Fact]
    public async Task BackupSchedule_VaultDeleted_GoesWithItsRuns()
    {
        await Store.BackupSchedules.SetAsync(Schedule("vault2", Now), default);
        var claim = (await Store.BackupSchedules.ClaimDueAsync(Now, Lease, default))!;
        await Store.BackupSchedules.CompleteAsync(claim, Run(BackupRunOutcome.Succeeded, Now) with { Vault = "vault2" }, Now.AddHours(1), 0, default);

        await Store.Vaults.DeleteAsync("vault2", default);
        await Store.Vaults.CreateAsync(NewVault("vault2"), default);

        Assert.Null(await Store.BackupSchedules.GetAsync("vault2", default));
        Assert.Empty(await Store.BackupSchedules.ListRunsAsync("vault2", 10, default));
    }

    private static BackupSchedule Schedule(string vault, DateTimeOffset nextRunOn) =>
        new(vault, "0 * * * *", null, "/var/backups/coffer", 3, null, nextRunOn);

    private static BackupRun Run(BackupRunOutcome outcome, DateTimeOffset startedOn) =>
        new("vault1", startedOn, startedOn.AddSeconds(2), outcome, 1, outcome == BackupRunOutcome.Succeeded ? "vault1-x.coffer-archive" : null,
            outcome == BackupRunOutcome.Succeeded ? 12 : 0, outcome == BackupRunOutcome.Succeeded ? 4096 : 0,
            outcome == BackupRunOutcome.Succeeded ? new string('a', 64) : null, null);
}
