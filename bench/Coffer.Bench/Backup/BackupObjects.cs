using System.Globalization;

namespace Coffer.Bench.Backup;

/// <summary>
/// What the backup phases work on, for one server: N secrets and N keys by index, a blob of each for
/// restores, and which one a client's n-th backup reads (the same sequence on every target).
/// </summary>
internal sealed record BackupObjects(byte[][] SecretBlobs, byte[][] KeyBlobs)
{
    public int Count => SecretBlobs.Length;

    public static string SecretName(int i) => string.Create(CultureInfo.InvariantCulture, $"s-{i}");

    public static string KeyName(int i) => string.Create(CultureInfo.InvariantCulture, $"k-{i}");

    /// <summary>Spreads a client's backups over the objects, the same way for every target.</summary>
    public int Pick(int client, int seq) => (int)((((long)seq * 7_919) + ((long)client * 104_729)) % Count);
}
