namespace Coffer.Core;

/// <summary>When a soft-deleted object was deleted and when it will be purged for good.</summary>
public sealed record DeletionInfo(DateTimeOffset DeletedOn, DateTimeOffset ScheduledPurgeOn);
