namespace Coffer.Core.Backup;

/// <summary>One version of a backed-up object as an inspection shows it: id, times, attributes — never its value or key material.</summary>
public sealed record BackupVersionSummary(string Version, DateTimeOffset Created, DateTimeOffset Updated, bool Enabled,
    DateTimeOffset? NotBefore, DateTimeOffset? Expires, string? ContentType);
