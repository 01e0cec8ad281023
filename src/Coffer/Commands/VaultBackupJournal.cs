using System.Globalization;
using System.Text.Json;
using Coffer.Core;

namespace Coffer.Cli.Commands;

/// <summary>
/// The resumable state of a per-object vault backup, in <c>{out}.journal/</c> beside the archive (a <see cref="RunJournal{TPlan}"/>):
/// the plan (vault, start time, the ordered object list) and one file per fetched object — its blob, or a marker that it was
/// gone. <c>--resume</c> fetches the rest and writes the archive from the plan, which makes it the archive an uninterrupted
/// run would have written from those blobs.
/// </summary>
internal sealed class VaultBackupJournal
{
    private readonly RunJournal<VaultBackupPlan> _journal;

    private VaultBackupJournal(RunJournal<VaultBackupPlan> journal) => _journal = journal;

    public string Directory => _journal.Directory;

    public VaultBackupPlan Plan => _journal.Plan;

    public static string DirectoryFor(string archivePath) => Path.GetFullPath(archivePath) + ".journal";

    public static async Task<VaultBackupJournal> CreateAsync(string archivePath, VaultBackupPlan plan, CancellationToken cancellationToken) =>
        new(await RunJournal<VaultBackupPlan>.CreateAsync(DirectoryFor(archivePath), plan, CliJsonContext.Default.VaultBackupPlan, cancellationToken));

    public static async Task<VaultBackupJournal?> OpenAsync(string archivePath, CancellationToken cancellationToken) =>
        await RunJournal<VaultBackupPlan>.OpenAsync(DirectoryFor(archivePath), CliJsonContext.Default.VaultBackupPlan,
            plan => plan is { Objects: not null, VaultUrl: not null }, cancellationToken) is { } journal
            ? new VaultBackupJournal(journal)
            : null;

    public bool IsDone(int index) => _journal.Has(BlobFile(index)) || _journal.Has(GoneFile(index));

    public async Task SaveAsync(int index, byte[] blob, IReadOnlyList<string> versions, CancellationToken cancellationToken)
    {
        await _journal.WriteAsync(VersionsFile(index), JsonSerializer.SerializeToUtf8Bytes(versions.ToList(), CliJsonContext.Default.ListString), cancellationToken);
        await _journal.WriteAsync(BlobFile(index), blob, cancellationToken);
    }

    public Task MarkGoneAsync(int index, CancellationToken cancellationToken) => _journal.WriteAsync(GoneFile(index), [], cancellationToken);

    /// <summary>The object's blob and versions, or null when it was gone by the time it was fetched.</summary>
    public async Task<(byte[] Blob, IReadOnlyList<string> Versions)?> ReadAsync(int index, CancellationToken cancellationToken)
    {
        if (_journal.Has(GoneFile(index)))
        {
            return null;
        }

        var versions = JsonSerializer.Deserialize(await _journal.ReadAsync(VersionsFile(index), cancellationToken), CliJsonContext.Default.ListString) ?? [];
        return (await _journal.ReadAsync(BlobFile(index), cancellationToken), versions);
    }

    public void Delete() => _journal.Delete();

    private static string BlobFile(int index) => index.ToString("D6", CultureInfo.InvariantCulture) + ".blob";

    private static string VersionsFile(int index) => index.ToString("D6", CultureInfo.InvariantCulture) + ".versions.json";

    private static string GoneFile(int index) => index.ToString("D6", CultureInfo.InvariantCulture) + ".gone";
}

/// <summary>A per-object backup's plan: the vault, when the run started (the archive's creation time), and the objects in archive order.</summary>
internal sealed record VaultBackupPlan(string VaultUrl, string Vault, DateTimeOffset Created, IReadOnlyList<PlannedObject> Objects);

/// <summary>One object of the plan.</summary>
internal sealed record PlannedObject(ObjectKind Kind, string Name);
