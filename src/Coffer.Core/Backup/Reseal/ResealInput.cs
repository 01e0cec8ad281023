namespace Coffer.Core.Backup.Reseal;

/// <summary>
/// What a re-seal's input turned out to be once opened and authenticated: a single blob (its object's kind and name) or
/// a vault archive (every kind, the vault's name), and the one (subscription, geography) it is sealed for.
/// </summary>
public sealed record ResealInput(bool IsArchive, IReadOnlyList<ObjectKind> Kinds, string Name, BackupPair Source, int Objects);
