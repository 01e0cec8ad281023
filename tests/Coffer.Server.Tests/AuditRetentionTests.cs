using Coffer.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>The server's retention job: entries older than the retention are archived (named by range) and pruned on its schedule, the prune's entry going to the sinks too.</summary>
public sealed class AuditRetentionTests
{
    [Fact]
    public async Task Retention_ClockPastTheRetention_ArchivesAndPrunesOnSchedule()
    {
        var directory = Directory.CreateTempSubdirectory("coffer-retention-").FullName;
        var archives = Path.Combine(directory, "archive");
        var clock = new MovableClock();
        var fixture = new CofferFixture(Path.Combine(directory, "data"), services => services.AddSingleton<TimeProvider>(clock), o =>
        {
            o.AuditRetentionDays = 2;
            o.AuditArchiveDirectory = archives;
            o.AuditRetentionInterval = TimeSpan.FromMilliseconds(200);
            o.AuditFile = new Coffer.Server.Audit.Sinks.AuditFileSinkOptions { Directory = Path.Combine(directory, "sink") };
        });
        await fixture.InitializeAsync();
        try
        {
            var client = fixture.SecretClient();
            await client.SetSecretAsync("retained", "value");
            var get = (await client.GetSecretAsync("retained")).GetRawResponse().Headers.RequestId;
            var store = fixture.Server.App.Services.GetRequiredService<IAuditStore>();
            await fixture.AuditEntriesAsync(e => e.RequestId == get);
            var last = (await store.LastAsync(default))!.Sequence;

            clock.Advance(TimeSpan.FromDays(3));
            var anchor = await PollAsync(() => store.AnchorAsync(default), a => a is not null && a.Sequence >= last);

            var archive = Assert.Single(Directory.GetFiles(archives));
            var segment = await AuditSegmentFile.VerifyAsync(archive, fixture.Server.App.Services.GetRequiredService<AuditChain>(), default);
            Assert.True(segment.IsIntact, segment.Problem);
            Assert.Equal(AuditRetention.ArchiveName(1, anchor!.Sequence), Path.GetFileName(archive));
            Assert.Contains(await store.ReadAsync(1, 100, default), r => r.Entry.Operation == AuditPruneEntry.Operation);
            Assert.Contains(Directory.GetFiles(Path.Combine(directory, "sink")).SelectMany(File.ReadAllLines),
                line => line.Contains($"\"operation\":\"{AuditPruneEntry.Operation}\"", StringComparison.Ordinal));
            Assert.True((await new AuditVerifier(store, fixture.Server.App.Services.GetRequiredService<AuditChain>()).VerifyAsync(default)).IsIntact);
        }
        finally
        {
            await fixture.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The system clock, moved forward when told; its timers are the system's.</summary>
    private sealed class MovableClock : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
    }
}
