namespace Coffer.Core.Backup.Archive;

/// <summary>
/// The one exception reading or writing a vault archive fails with: corrupt, cut short, edited,
/// signed by a key this Coffer does not hold, or not an archive at all. The message says which, for people.
/// </summary>
public sealed class VaultArchiveException : Exception
{
    public VaultArchiveException(string message)
        : base(message)
    {
    }

    public VaultArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VaultArchiveException()
    {
    }
}
