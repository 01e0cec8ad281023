using System.Globalization;
using System.Text.Json;
using Coffer.Core;

namespace Coffer.Cli.Commands;

/// <summary>
/// The resumable state of a per-object vault backup, in <c>{out}.journal/</c> beside the archive: the plan
/// (vault, start time, the ordered object list, fixed once) and one file per fetched object — its blob, or
/// a marker that it was gone. A file appears only complete (written aside, then renamed), so a killed run
/// leaves only whole entries; <c>--resume</c> fetches the rest and writes the archive from the plan, which
/// makes it the archive an uninterrupted run would have written from those blobs.
/// </summary>
internal sealed class VaultBackupJournal
{
    private VaultBackupJournal(string directory, VaultBackupPlan plan)
    {
        Directory = directory;
        Plan = plan;
    }

    public string Directory { get; }

    public VaultBackupPlan Plan { get; }

    public static string DirectoryFor(string archivePath) => Path.GetFullPath(archivePath) + ".journal";

    public static async Task<VaultBackupJournal> CreateAsync(string archivePath, VaultBackupPlan plan, CancellationToken cancellationToken)
    {
        var directory = DirectoryFor(archivePath);
        System.IO.Directory.CreateDirectory(directory);
        await WriteAtomicallyAsync(Path.Combine(directory, "plan.json"), JsonSerializer.SerializeToUtf8Bytes(plan, CliJsonContext.Default.VaultBackupPlan), cancellationToken);
        return new VaultBackupJournal(directory, plan);
    }

    public static async Task<VaultBackupJournal?> OpenAsync(string archivePath, CancellationToken cancellationToken)
    {
        var directory = DirectoryFor(archivePath);
        var planPath = Path.Combine(directory, "plan.json");
        if (!File.Exists(planPath))
        {
            return null;
        }

        try
        {
            var plan = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(planPath, cancellationToken), CliJsonContext.Default.VaultBackupPlan);
            return plan is { Objects: not null, VaultUrl: not null } ? new VaultBackupJournal(directory, plan) : throw new JsonException("incomplete plan");
        }
        catch (JsonException e)
        {
            throw new CliInputException($"The journal {planPath} is damaged ({e.Message}); delete {directory} and start again.");
        }
    }

    public bool IsDone(int index) => File.Exists(BlobPath(index)) || File.Exists(GonePath(index));

    public async Task SaveAsync(int index, byte[] blob, IReadOnlyList<string> versions, CancellationToken cancellationToken)
    {
        await WriteAtomicallyAsync(VersionsPath(index), JsonSerializer.SerializeToUtf8Bytes(versions.ToList(), CliJsonContext.Default.ListString), cancellationToken);
        await WriteAtomicallyAsync(BlobPath(index), blob, cancellationToken);
    }

    public Task MarkGoneAsync(int index, CancellationToken cancellationToken) => WriteAtomicallyAsync(GonePath(index), [], cancellationToken);

    /// <summary>The object's blob and versions, or null when it was gone by the time it was fetched.</summary>
    public async Task<(byte[] Blob, IReadOnlyList<string> Versions)?> ReadAsync(int index, CancellationToken cancellationToken)
    {
        if (File.Exists(GonePath(index)))
        {
            return null;
        }

        var versions = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(VersionsPath(index), cancellationToken), CliJsonContext.Default.ListString) ?? [];
        return (await File.ReadAllBytesAsync(BlobPath(index), cancellationToken), versions);
    }

    public void Delete() => System.IO.Directory.Delete(Directory, recursive: true);

    private string BlobPath(int index) => Path.Combine(Directory, index.ToString("D6", CultureInfo.InvariantCulture) + ".blob");

    private string VersionsPath(int index) => Path.Combine(Directory, index.ToString("D6", CultureInfo.InvariantCulture) + ".versions.json");

    private string GonePath(int index) => Path.Combine(Directory, index.ToString("D6", CultureInfo.InvariantCulture) + ".gone");

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>A per-object backup's plan: the vault, when the run started (the archive's creation time), and the objects in archive order.</summary>
internal sealed record VaultBackupPlan(string VaultUrl, string Vault, DateTimeOffset Created, IReadOnlyList<PlannedObject> Objects);

/// <summary>One object of the plan.</summary>
internal sealed record PlannedObject(ObjectKind Kind, string Name);
