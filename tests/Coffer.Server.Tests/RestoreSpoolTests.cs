using Azure.Security.KeyVault.Secrets;
using static Coffer.Server.Tests.VaultArchiveCalls;

namespace Coffer.Server.Tests;

/// <summary>
/// The whole-vault restore's spool: a folder of the data directory, owner-only, emptied at start, and empty again
/// after every restore, accepted or refused. (A real server killed mid-upload: Coffer.Cli.Tests' RestoreSpoolCrashTests.)
/// </summary>
[Collection(CofferServerGroup.Name)]
public sealed class RestoreSpoolTests(CofferFixture fixture)
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task Start_FilesLeftInTheSpool_AreRemovedAndTheFolderIsOwnerOnly()
    {
        var data = Directory.CreateTempSubdirectory("coffer-spool-").FullName;
        var spool = Path.Combine(data, "spool");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(spool);
        }
        else
        {
            Directory.CreateDirectory(spool, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        await File.WriteAllBytesAsync(Path.Combine(spool, $"restore-{Guid.NewGuid():N}"), new byte[100_000]);
        await File.WriteAllBytesAsync(Path.Combine(spool, $"restore-{Guid.NewGuid():N}"), []);

        var server = new CofferFixture(data);
        await server.InitializeAsync();
        try
        {
            Assert.Empty(Directory.GetFileSystemEntries(spool));
            Assert.Equal(spool, server.Server.Options.SpoolDirectory);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(spool));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restore_AcceptedDamagedAndConflicting_LeavesNoSpoolFile()
    {
        var source = await NewVaultAsync(fixture);
        await fixture.SecretClient(source).SetSecretAsync(new KeyVaultSecret("spooled", "value"));
        var archive = await SnapshotAsync(fixture, source);
        var target = await NewVaultAsync(fixture);
        byte[] damaged = [.. archive[..(archive.Length / 2)], (byte)(archive[archive.Length / 2] ^ 0x20), .. archive[(archive.Length / 2 + 1)..]];

        var accepted = await RestoreAsync(fixture, target, archive);
        var refused = await RestoreAsync(fixture, target, damaged);
        var conflicting = await RestoreAsync(fixture, target, archive);

        Assert.Equal((200, 400, 409), (accepted.Status, refused.Status, conflicting.Status));
        Assert.Empty(Directory.GetFileSystemEntries(fixture.Server.Options.SpoolDirectory));
    }
}
