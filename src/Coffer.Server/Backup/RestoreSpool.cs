namespace Coffer.Server.Backup;

/// <summary>
/// Where <c>POST /_coffer/restore</c> spools an archive, which it must hold whole before writing anything (the
/// digest and signature come last, and the archive is read twice): the data directory's <c>spool/</c> folder,
/// mode 0700, each file created 0600 and deleted on close. A process killed mid-restore cannot delete its file,
/// so opening the spool at start removes every file left there: each node has a data directory of its own, so
/// whatever the folder holds before this process serves is a dead process's.
/// </summary>
internal sealed class RestoreSpool
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private RestoreSpool(string directory, int removedAtStart)
    {
        Directory = directory;
        RemovedAtStart = removedAtStart;
    }

    public string Directory { get; }

    /// <summary>Files left by a process that stopped mid-restore, removed when this spool was opened.</summary>
    public int RemovedAtStart { get; }

    /// <summary>Makes the folder (owner-only) if it is missing and removes what a dead process left in it.</summary>
    public static RestoreSpool Open(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            // A folder made by hand or by an older version may be wider; its files are 0600 regardless, but names and sizes needn't show.
            if ((File.GetUnixFileMode(directory) & ~OwnerOnlyDirectory) != 0)
            {
                File.SetUnixFileMode(directory, OwnerOnlyDirectory);
            }
        }

        var removed = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory))
        {
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Still open (Windows) or not ours to delete: left for the next start rather than failing this one.
            }
        }

        return new RestoreSpool(directory, removed);
    }

    /// <summary>A new spool file, owner-only from its creation (no chmod after), gone when the stream is closed.</summary>
    public FileStream Create()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return new FileStream(Path.Combine(Directory, $"restore-{Guid.NewGuid():N}"), options);
    }
}
