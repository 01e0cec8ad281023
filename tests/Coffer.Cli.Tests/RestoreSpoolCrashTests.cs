using System.Net;
using System.Security.Cryptography;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>POST /_coffer/restore</c> spools the archive in the data directory, owner-only, and a real <c>coffer serve</c>
/// killed with SIGKILL mid-upload leaves no spool behind once it is started again on the same data directory.
/// </summary>
public sealed class RestoreSpoolCrashTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Restore_ServerKilledMidUpload_SpoolWasOwnerOnlyInTheDataDirectoryAndIsGoneAfterRestart()
    {
        var data = Directory.CreateTempSubdirectory("coffer-spool-").FullName;
        var spool = Path.Combine(data, "spool");
        using var body = new HeldBody(1024 * 1024);
        try
        {
            string? file;
            using (var first = await ServeProcess.StartAsync(data))
            using (var client = await first.AuthorizedClientAsync())
            {
                var upload = client.PostAsync(new Uri("/_coffer/restore?api-version=7.5", UriKind.Relative), body);
                file = await PollAsync(() => Directory.Exists(spool) ? Directory.GetFiles(spool).FirstOrDefault(f => new FileInfo(f).Length > 0) : null);
                Assert.True(file is not null, $"no spool file with bytes in it appeared in {spool}");
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file));
                    Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(spool));
                }

                first.Kill();
                body.Release();
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => upload.WaitAsync(TimeSpan.FromSeconds(60)));
            }

            Assert.True(File.Exists(file), "a killed server deletes nothing itself: the spool is still there before the restart");
            using var second = await ServeProcess.StartAsync(data);
            Assert.Empty(Directory.GetFiles(spool));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Polls (bounded: 30 s) until <paramref name="find"/> answers; null when it never does.</summary>
    private static async Task<string?> PollAsync(Func<string?> find)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(10);
        }

        return null;
    }

    /// <summary>A request body that sends its first bytes, then holds the request open until released: an upload in progress.</summary>
    private sealed class HeldBody(int firstBytes) : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(RandomNumberGenerator.GetBytes(firstBytes));
            await stream.FlushAsync();
            await _release.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
