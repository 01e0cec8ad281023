namespace Coffer.Storage.Tests;

/// <summary>The job locks' contract: one run of a job at a time.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task TryRunExclusive_WhileTheJobRuns_ReturnsFalseWithoutRunning_ThenRunsOnceFree()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var holding = Store.Jobs.TryRunExclusiveAsync("sweep", async _ =>
        {
            started.SetResult();
            await release.Task;
        }, default);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var runs = 0;

        var whileHeld = await Store.Jobs.TryRunExclusiveAsync("sweep", _ => Task.FromResult(++runs), default);
        var otherJob = await Store.Jobs.TryRunExclusiveAsync("schedule", _ => Task.CompletedTask, default);
        release.SetResult();
        var held = await holding;
        var afterwards = await Store.Jobs.TryRunExclusiveAsync("sweep", _ => Task.FromResult(++runs), default);

        Assert.Equal((false, true, true, true, 1), (whileHeld, otherJob, held, afterwards, runs));
    }
}
