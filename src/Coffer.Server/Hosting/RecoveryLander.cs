using Coffer.Core;
using Coffer.Core.Jobs;

namespace Coffer.Server.Hosting;

/// <summary>
/// Lands the recovers <c>--azure-timing</c> keeps in progress once their moment has come (<see cref="ObjectLifecycle.RecoverAsync"/>).
/// Without the timing it still runs, seldom, so a recover marked before a restart without the flag does not stay pending.
/// </summary>
internal sealed class RecoveryLander(ObjectLifecycle lifecycle, OperationTiming timing, IJobLocks jobs, TimeProvider time, ILogger<RecoveryLander> logger)
    : PeriodicJob(jobs, time, logger)
{
    private const int Batch = 100;

    protected override string Job => "recovery-lander";

    protected override TimeSpan Interval => timing.IsImmediate ? TimeSpan.FromMinutes(1) : TimeSpan.FromMilliseconds(250);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        int landed;
        do
        {
            landed = await lifecycle.LandDueRecoveriesAsync(Batch, cancellationToken);
        }
        while (landed == Batch);
    }
}
