using System.Globalization;

namespace Coffer.Core.Audit;

/// <summary>Where an export or a prune stops: before an entry sequence, or before a time (the first entry at or after it ends the range).</summary>
public sealed record AuditBound(long? BeforeSequence, DateTimeOffset? BeforeTime)
{
    public static AuditBound Sequence(long before) => new(before, null);

    public static AuditBound Time(DateTimeOffset before) => new(null, before);

    /// <summary>A sequence (digits) or a time (ISO 8601; without an offset, UTC).</summary>
    /// <exception cref="FormatException">Neither.</exception>
    public static AuditBound Parse(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? Sequence(sequence)
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? Time(time)
        : throw new FormatException($"'{text}' is neither an entry sequence nor a time (ISO 8601, e.g. 2026-12-01T00:00:00Z).");

    public bool Includes(AuditRecord record) =>
        BeforeSequence is { } sequence ? record.Sequence < sequence : record.Entry.Time < BeforeTime!.Value;

    public override string ToString() =>
        BeforeSequence is { } sequence ? $"before entry {sequence}" : $"before {BeforeTime!.Value.UtcDateTime:O}";
}
