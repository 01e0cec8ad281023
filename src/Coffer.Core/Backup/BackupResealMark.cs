namespace Coffer.Core.Backup;

/// <summary>
/// What a re-sealed blob or archive says about its move, in its authenticated header: when, by whom (the principal's
/// object id), and the (subscription, geography) it was sealed for before.
/// </summary>
public sealed record BackupResealMark(DateTimeOffset At, string By, string FromSubscriptionId, string FromGeography);
