using Coffer.Core.Audit;

namespace Coffer.Storage.Tests;

/// <summary>Export, prune behind an anchor, and verification from it: the same on every provider.</summary>
public abstract partial class AuditStoreContract
{
    private readonly string _exports = Directory.CreateTempSubdirectory("coffer-audit-exports-").FullName;

    /// <summary>Runs SQL on the test's database through a connection of its own (as someone tampering with it would).</summary>
    protected abstract Task ExecuteAsync(string sql);

    /// <summary>SQL that drops the log's UPDATE and DELETE guards.</summary>
    protected abstract string DropGuards { get; }

    /// <summary>SQL that moves the anchor to entry <paramref name="sequence"/> (its stored hash), outside a prune.</summary>
    protected abstract string MoveAnchor(long sequence);

    /// <summary>SQL that lets the delete guard through as a prune does (its permit or session setting), then deletes entry <paramref name="sequence"/>.</summary>
    protected abstract string DeleteAsPrune(long sequence);

    private AuditArchiver Archiver => new(Store, Chain, TimeProvider.System);

    private async Task AppendRangeAsync(int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            await AppendAsync(Entry(i));
        }
    }

    private async Task<AuditVerification> VerifyAsync() => await new AuditVerifier(Store, Chain).VerifyAsync(default);

    [Fact]
    public async Task Prune_ExportedRange_VerifiesFromAnchorAndExportVerifiesOffline()
    {
        await AppendRangeAsync(1, 10);
        var path = Path.Combine(_exports, "segment.jsonl");

        var export = await Archiver.ExportAsync(AuditBound.Sequence(6), path, default);
        var pruned = await Archiver.PruneAsync(AuditBound.Sequence(6), "operator", "test", default);
        await AppendAsync(Entry(12));

        var stored = await Store.ReadAsync(1, 100, default);
        var anchor = await Store.AnchorAsync(default);
        var verified = await VerifyAsync();
        var offline = await AuditSegmentFile.VerifyAsync(path, Chain, default);
        Assert.Equal((1L, 5L), (export!.FirstSequence, export.LastSequence));
        Assert.Equal((5L, 5L), pruned);
        Assert.Equal([6L, 7, 8, 9, 10, 11, 12], stored.Select(r => r.Sequence));
        Assert.Equal(5, anchor!.Sequence);
        Assert.Equal(AuditPruneEntry.Operation, stored[5].Entry.Operation);
        Assert.Equal(anchor, AuditPruneEntry.AnchorOf(stored[5].Entry));
        Assert.True(verified.IsIntact, verified.AnchorProblem);
        Assert.Equal(7, verified.Intact);
        Assert.Equal((true, 5L, 5L), (offline.IsIntact, offline.Intact, offline.Last!.Sequence));
        Assert.Equal(anchor.Hash, offline.Last.Hash);
    }

    [Fact]
    public async Task Prune_EntriesNotExported_IsRefusedAndRemovesNothing()
    {
        await AppendRangeAsync(1, 10);
        await Archiver.ExportAsync(AuditBound.Sequence(4), Path.Combine(_exports, "first.jsonl"), default);

        var refused = await Assert.ThrowsAsync<AuditPruneRefusedException>(() => Archiver.PruneAsync(AuditBound.Sequence(8), "operator", "test", default));

        Assert.Contains("4 to 7 are not exported", refused.Message, StringComparison.Ordinal);
        Assert.Equal(10, (await Store.ReadAsync(1, 100, default)).Count);
        Assert.Null(await Store.AnchorAsync(default));
    }

    [Fact]
    public async Task Prune_TwiceAfterSecondExport_ContinuesFromTheFirstAnchor()
    {
        await AppendRangeAsync(1, 6);
        await Archiver.ExportAsync(AuditBound.Sequence(4), Path.Combine(_exports, "a.jsonl"), default);
        await Archiver.PruneAsync(AuditBound.Sequence(4), "operator", "test", default);
        await AppendRangeAsync(8, 9);
        var second = await Archiver.ExportAsync(AuditBound.Sequence(9), Path.Combine(_exports, "b.jsonl"), default);
        await Archiver.PruneAsync(AuditBound.Sequence(9), "operator", "test", default);

        var offline = await AuditSegmentFile.VerifyAsync(Path.Combine(_exports, "b.jsonl"), Chain, default);
        Assert.Equal((4L, 8L), (second!.FirstSequence, second.LastSequence));
        Assert.Equal((true, 3L), (offline.IsIntact, offline.Start!.Sequence));
        Assert.Equal([9L, 10], (await Store.ReadAsync(1, 100, default)).Select(r => r.Sequence));
        Assert.True((await VerifyAsync()).IsIntact);
    }

    [Theory]
    [InlineData("UPDATE audit_log SET status = 500 WHERE sequence = 8", 8)]
    [InlineData("DELETE FROM audit_log WHERE sequence = 8", 8)]
    [InlineData("DELETE FROM audit_log WHERE sequence = 6", 6)]
    [InlineData("INSERT INTO audit_log (sequence, time, operation, request_id, hash) SELECT 12, time, operation, 'forged', hash FROM audit_log WHERE sequence = 10", 12)]
    public async Task Verify_EditDeleteOrInsertAfterAnchor_FailsNamingTheEntry(string tamper, long broken)
    {
        await AppendRangeAsync(1, 10);
        await Archiver.ExportAsync(AuditBound.Sequence(6), Path.Combine(_exports, "segment.jsonl"), default);
        await Archiver.PruneAsync(AuditBound.Sequence(6), "operator", "test", default);

        await ExecuteAsync(DropGuards + tamper);

        var verified = await VerifyAsync();
        Assert.Equal(broken, verified.FirstBroken);
    }

    [Fact]
    public async Task Verify_EntriesRemovedAndAnchorMovedOutsideAPrune_FailsOnTheAnchor()
    {
        await AppendRangeAsync(1, 10);
        await Archiver.ExportAsync(AuditBound.Sequence(6), Path.Combine(_exports, "segment.jsonl"), default);
        await Archiver.PruneAsync(AuditBound.Sequence(6), "operator", "test", default);

        await ExecuteAsync(DropGuards + MoveAnchor(7) + "; DELETE FROM audit_log WHERE sequence <= 7");

        var verified = await VerifyAsync();
        Assert.Null(verified.FirstBroken); // the chain from the forged anchor holds: only the prune entry gives it away
        Assert.Contains("moved outside a prune", verified.AnchorProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WithThePrunePermitButNotExportedOrPastTheAnchor_IsRefused()
    {
        await AppendRangeAsync(1, 4);

        var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteAsync(DeleteAsPrune(1)));

        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await Store.ReadAsync(1, 100, default)).Count);
    }

    [Fact]
    public async Task ExportFile_EditedOrCutShort_FailsOfflineNamingTheEntry()
    {
        await AppendRangeAsync(1, 5);
        var path = Path.Combine(_exports, "segment.jsonl");
        await Archiver.ExportAsync(AuditBound.Sequence(100), path, default);
        var lines = await File.ReadAllLinesAsync(path);
        var edited = Path.Combine(_exports, "edited.jsonl");
        await File.WriteAllLinesAsync(edited, [.. lines.Select((l, i) => i == 3 ? l.Replace("SecretGet", "SecretSet", StringComparison.Ordinal) : l)]);
        var cut = Path.Combine(_exports, "cut.jsonl");
        await File.WriteAllLinesAsync(cut, lines[..^2]);

        var garbled = Path.Combine(_exports, "garbled.jsonl");
        await File.WriteAllLinesAsync(garbled, [.. lines[..3], "{\"sequence\": \"three\"}", .. lines[4..]]);

        var garbledOutcome = await AuditSegmentFile.VerifyAsync(garbled, Chain, default);
        var editedOutcome = await AuditSegmentFile.VerifyAsync(edited, Chain, default);
        var cutOutcome = await AuditSegmentFile.VerifyAsync(cut, Chain, default);

        Assert.Equal(7, lines.Length);
        Assert.Equal(3, editedOutcome.FirstBroken);
        Assert.Equal((3L, true), (garbledOutcome.FirstBroken!.Value, garbledOutcome.Problem!.Contains("not a segment line", StringComparison.Ordinal)));
        Assert.Equal(5, cutOutcome.FirstBroken);
        Assert.Contains("cut short", cutOutcome.Problem, StringComparison.Ordinal);
        Assert.True((await AuditSegmentFile.VerifyAsync(path, Chain, default)).IsIntact);
        Assert.Equal(1, (await AuditSegmentFile.VerifyAsync(path, new AuditChain(new byte[32].Select(_ => (byte)1).ToArray()), default)).FirstBroken);
    }

    [Fact]
    public async Task Retention_FakeClockOverDays_TableStaysBoundedWhileArchivesAccumulate()
    {
        var clock = new FakeClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var archives = Path.Combine(_exports, "archives");
        var retention = new AuditRetention(Store, Chain, clock, TimeSpan.FromDays(2), archives);
        var stored = new List<int>();
        for (var day = 0; day < 8; day++)
        {
            for (var i = 0; i < 20; i++)
            {
                await AppendAsync(Entry(i) with { Time = clock.GetUtcNow().AddMinutes(i) });
            }

            clock.Advance(TimeSpan.FromDays(1));
            await retention.RunOnceAsync(default);
            stored.Add((await Store.ReadAsync(1, 10_000, default)).Count);
        }

        var files = Directory.GetFiles(archives).Order(StringComparer.Ordinal).ToList();
        var segments = new List<AuditSegmentVerification>();
        foreach (var file in files)
        {
            segments.Add(await AuditSegmentFile.VerifyAsync(file, Chain, default));
        }

        Assert.All(stored.Skip(2), count => Assert.InRange(count, 40, 44)); // two days of entries and the prunes' own
        Assert.Equal(6, files.Count); // from the third day on, one archive a day
        Assert.All(segments, s => Assert.True(s.IsIntact, s.Problem));
        Assert.Equal(segments.Skip(1).Select(s => s.Start!.Sequence), segments.SkipLast(1).Select(s => s.Last!.Sequence)); // each continues the last
        Assert.Equal(AuditRetention.ArchiveName(segments[0].Start!.Sequence + 1, segments[0].Last!.Sequence), Path.GetFileName(files[0]));
        Assert.True((await VerifyAsync()).IsIntact);
    }

    /// <summary>A clock that moves only when told.</summary>
    protected sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
