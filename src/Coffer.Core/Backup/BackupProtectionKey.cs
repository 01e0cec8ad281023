namespace Coffer.Core.Backup;

/// <summary>
/// The key that protects backup blobs of one (subscription, geography): Coffer's "security world".
/// Every vault of that pair shares it, which is what lets a blob restore into any of them.
/// </summary>
public sealed record BackupProtectionKey(string Id, string SubscriptionId, string Geography, byte[] Key);
