using System.Text.Json;

namespace Coffer.Core.Audit;

/// <summary>
/// An exported stretch of the log, as JSON lines: a start line (the sequence and hash the segment continues from — the
/// anchor it was cut after, or the genesis), one line per entry (<see cref="AuditRecordJson"/>), and an end line (the last
/// sequence and hash, and the count). With the chain key the file verifies on its own: every entry recomputed from the
/// start, and the end line present and matching, so a truncated or altered file fails.
/// </summary>
public static class AuditSegmentFile
{
    private const int PageSize = 10_000;

    /// <summary>
    /// Writes the stored entries from the first one through the last within <paramref name="bound"/> to a file in
    /// <paramref name="directory"/> named by <paramref name="fileName"/> (from the first and last sequence), checking the chain
    /// as it reads; the file appears whole or not at all (a temporary file beside it, flushed to disk, then renamed).
    /// Returns what was exported, or null when no entry is within the bound (no file is written).
    /// </summary>
    /// <exception cref="AuditChainBrokenException">The stored chain is broken within the range: nothing was written.</exception>
    public static async Task<AuditExport?> ExportAsync(IAuditStore store, AuditChain chain, AuditBound bound, string directory,
        Func<long, long, string> fileName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var start = await store.AnchorAsync(cancellationToken) ?? AuditAnchor.Start;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".audit-export-{Guid.NewGuid():N}.tmp");
        try
        {
            AuditAnchor end;
            long count;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                (end, count) = await WriteAsync(file, store, chain, bound, start, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            if (count == 0)
            {
                File.Delete(temporary);
                return null;
            }

            var name = fileName(start.Sequence + 1, end.Sequence);
            File.Move(temporary, Path.Combine(directory, name), overwrite: true);
            return new AuditExport(start.Sequence + 1, end.Sequence, end.Hash, now, name);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static async Task<(AuditAnchor End, long Count)> WriteAsync(Stream file, IAuditStore store, AuditChain chain, AuditBound bound,
        AuditAnchor start, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(file);
        WriteMark(json, file, "start", start, null);
        var end = start;
        var count = 0L;
        while (true)
        {
            var page = await store.ReadAsync(end.Sequence + 1, PageSize, cancellationToken);
            var within = page.TakeWhile(bound.Includes).ToList();
            if (chain.FirstBrokenAfter(within, end) is { } broken)
            {
                throw new AuditChainBrokenException(broken);
            }

            foreach (var record in within)
            {
                AuditRecordJson.Write(json, record);
                EndLine(json, file);
            }

            count += within.Count;
            if (within.Count > 0)
            {
                end = new AuditAnchor(within[^1].Sequence, within[^1].Hash);
            }

            if (within.Count < page.Count || page.Count < PageSize)
            {
                break;
            }

            await json.FlushAsync(cancellationToken);
        }

        WriteMark(json, file, "end", end, count);
        await json.FlushAsync(cancellationToken);
        return (end, count);
    }

    /// <summary>Checks a segment file offline: every line, the chain from its start line, and the end line.</summary>
    public static Task<AuditSegmentVerification> VerifyAsync(string path, AuditChain chain, CancellationToken cancellationToken) =>
        AuditSegmentVerifier.VerifyAsync(path, chain, cancellationToken);

    private static void WriteMark(Utf8JsonWriter json, Stream file, string mark, AuditAnchor at, long? count)
    {
        json.WriteStartObject();
        json.WriteString("segment", mark);
        json.WriteNumber("sequence", at.Sequence);
        json.WriteString("hash", Convert.ToHexStringLower(at.Hash));
        if (count is { } entries)
        {
            json.WriteNumber("entries", entries);
        }

        json.WriteEndObject();
        EndLine(json, file);
    }

    private static void EndLine(Utf8JsonWriter json, Stream file)
    {
        json.Flush();
        json.Reset();
        file.WriteByte((byte)'\n');
    }
}
