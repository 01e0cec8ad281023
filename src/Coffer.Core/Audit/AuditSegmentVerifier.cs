using System.Text;
using System.Text.Json;

namespace Coffer.Core.Audit;

/// <summary>Reads a segment file (<see cref="AuditSegmentFile"/>) line by line and checks it: start line, chain, end line.</summary>
internal static class AuditSegmentVerifier
{
    public static async Task<AuditSegmentVerification> VerifyAsync(string path, AuditChain chain, CancellationToken cancellationToken)
    {
        AuditAnchor? start = null, previous = null, end = null;
        long count = 0, lineNumber = 0, claimed = -1;
        using var reader = new StreamReader(path, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            var next = (previous?.Sequence ?? 0) + 1;
            if (end is not null)
            {
                return AuditSegmentVerification.Broken(start, count, next, $"line {lineNumber} follows the end line");
            }

            Line line;
            try
            {
                line = Parse(text);
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                return AuditSegmentVerification.Broken(start, count, next, $"line {lineNumber} is not a segment line ({e.Message})");
            }

            switch (line)
            {
                case { Mark: "start", At: { } at } when start is null:
                    start = previous = at;
                    continue;
                case { Mark: "end", At: { } at } when start is not null:
                    (end, claimed) = (at, line.Count);
                    continue;
                case { Mark: { } mark }:
                    return AuditSegmentVerification.Broken(start, count, next, $"line {lineNumber} is a misplaced {mark} line");
                case { Record: { } } when start is null:
                    return AuditSegmentVerification.Broken(null, 0, 1, "the file does not begin with a start line");
            }

            if (chain.FirstBrokenAfter([line.Record!], previous!) is { } broken)
            {
                return AuditSegmentVerification.Broken(start, count, broken, $"entry {broken} was edited, inserted or removed");
            }

            previous = new AuditAnchor(line.Record!.Sequence, line.Record.Hash);
            count++;
        }

        if (start is null || end is null)
        {
            return AuditSegmentVerification.Broken(start, count, (previous?.Sequence ?? 0) + 1, "the end line is missing: the file was cut short");
        }

        return end == previous && claimed == count
            ? new AuditSegmentVerification(start, previous, count, null, null)
            : AuditSegmentVerification.Broken(start, count, previous!.Sequence + 1,
                $"the end line names entry {end.Sequence} and {claimed} entries, not the last entry {previous.Sequence} and {count}: entries were removed");
    }

    private static Line Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var json = document.RootElement;
        if (!json.TryGetProperty("segment", out var mark))
        {
            return new Line(null, null, 0, AuditRecordJson.Read(json));
        }

        var at = new AuditAnchor(json.GetProperty("sequence").GetInt64(), Convert.FromHexString(json.GetProperty("hash").GetString()!));
        return new Line(mark.GetString(), at, json.TryGetProperty("entries", out var entries) ? entries.GetInt64() : 0, null);
    }

    private sealed record Line(string? Mark, AuditAnchor? At, long Count, AuditRecord? Record);
}
