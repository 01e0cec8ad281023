namespace Coffer.Server.Backup;

/// <summary><c>{"value": base64url}</c>: what backup answers and restore takes.</summary>
public sealed record BackupBlobWire(string? Value);
