namespace Coffer.Server.Backup;

/// <summary>One version in an inspect answer: id, times (Unix seconds) and attributes.</summary>
internal sealed record BackupVersionWire(string Version, long Created, long Updated, bool Enabled, long? Nbf, long? Exp, string? ContentType);
