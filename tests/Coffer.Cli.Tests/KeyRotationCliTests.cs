using System.Buffers.Binary;
using System.Collections.Concurrent;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Cli.Tests;

/// <summary>
/// <c>coffer keyring rotate</c> and <c>coffer root-key rotate</c> on the data directory of a server under an SDK load: nothing is
/// lost, every version reads, the audit log verifies, and a restart with the new root key reads everything. A rotation stopped
/// between its steps leaves a data directory the server starts from and a rerun finishes.
/// </summary>
public sealed class KeyRotationCliTests : IDisposable
{
    private const int Clients = 4;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-rotation-").FullName;

    private string DataDirectory => Path.Combine(_directory, "data");

    private string RootKeyPath => Path.Combine(DataDirectory, "root.key");

    [Fact]
    public async Task KeyringThenRootKeyRotate_DuringLoad_LoseNothing_AuditVerifies_RestartWithNewRootKeyReadsAll()
    {
        var written = new ConcurrentBag<(string Name, string Version, string Value)>();
        using (var server = await ServeProcess.StartAsync(DataDirectory))
        {
            var client = server.SecretClient(server.DefaultVaultUri);
            var oldRootKey = await File.ReadAllTextAsync(RootKeyPath);
            using var stopLoad = new CancellationTokenSource(Bound);
            var load = Enumerable.Range(0, Clients).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !stopLoad.IsCancellationRequested; i++) // until the rotations are done, within the bound
                {
                    var (name, value) = ($"load-{worker}-{i % 5}", Guid.NewGuid().ToString("N"));
                    var set = (await client.SetSecretAsync(name, value)).Value;
                    Assert.Equal(value, (await client.GetSecretAsync(name)).Value.Value);
                    written.Add((name, set.Properties.Version, value));
                }
            })).ToList();

            await WaitForWritesAsync(written, 20);
            var keyring = await CofferAsync("keyring", "rotate", "--data-dir", DataDirectory, "--activation-delay", "8");
            Assert.True(keyring.ExitCode == 0, keyring.Error);
            Assert.Contains("Added data key 2", keyring.Output, StringComparison.Ordinal);

            var refused = await CofferAsync("root-key", "rotate", "--data-dir", DataDirectory);
            Assert.Equal(8, refused.ExitCode);
            Assert.Contains("activation time", refused.Error, StringComparison.Ordinal);
            Assert.Equal(oldRootKey, await File.ReadAllTextAsync(RootKeyPath));
            Assert.False(File.Exists(RootKeyPath + ".new"));

            var rotated = await UntilActivatedAsync(() => CofferAsync("root-key", "rotate", "--data-dir", DataDirectory));
            Assert.True(rotated.ExitCode == 0, rotated.Error);
            Assert.DoesNotContain((await File.ReadAllTextAsync(RootKeyPath)).Trim(), rotated.Output, StringComparison.Ordinal); // the file's key is not printed
            await WaitForWritesAsync(written, written.Count + 20);
            await stopLoad.CancelAsync();
            await Task.WhenAll(load); // a failed set or a get that did not read its set fails the test here

            Assert.NotEqual(oldRootKey, await File.ReadAllTextAsync(RootKeyPath));
            Assert.Equal(oldRootKey, await File.ReadAllTextAsync(RootKeyPath + ".previous"));
            await AssertEveryVersionReadsAsync(client, written);
            server.Signal("TERM");
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        }

        Assert.Equal([1, 2], (await SealedUnderAsync(written.Select(w => w.Name).Distinct())).Order());
        var verify = await CofferAsync("audit", "verify", "--data-dir", DataDirectory);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        var forget = await CofferAsync("root-key", "forget-previous", "--data-dir", DataDirectory);
        Assert.True(forget.ExitCode == 0, forget.Error);

        using (var restarted = await ServeProcess.StartAsync(DataDirectory))
        {
            await AssertEveryVersionReadsAsync(restarted.SecretClient(restarted.DefaultVaultUri), written);
        }
    }

    [Fact]
    public async Task RootKeyRotate_FromTheEnvironment_PrintsTheNewKeyOnce_ServerStartsWithIt()
    {
        var oldKey = RootKey.Generate().ToBase64();
        var written = await WriteSecretAsync(new Dictionary<string, string> { ["COFFER_ROOT_KEY"] = oldKey });

        var rotated = await CofferAsync(new Dictionary<string, string> { ["COFFER_ROOT_KEY"] = oldKey }, "root-key", "rotate", "--data-dir", DataDirectory);

        Assert.True(rotated.ExitCode == 0, rotated.Error);
        var newKey = Assert.Single(rotated.Output.Split('\n', StringSplitOptions.TrimEntries), IsRootKey);
        Assert.NotEqual(oldKey, newKey);
        Assert.False(File.Exists(RootKeyPath));
        using var server = await ServeProcess.StartAsync(DataDirectory, ServeProcess.FreePort(), [], new Dictionary<string, string> { ["COFFER_ROOT_KEY"] = newKey });
        await AssertEveryVersionReadsAsync(server.SecretClient(server.DefaultVaultUri), [written]);
    }

    [Fact]
    public async Task RootKeyRotate_StoppedAfterTheRewrapBeforeTheFileSwap_ServerStarts_RerunFinishes()
    {
        var written = await WriteSecretAsync(null);
        var options = new CofferOptions { DataDirectory = DataDirectory };
        var held = RootKey.FromBase64(await File.ReadAllTextAsync(RootKeyPath));
        var next = RootKeyFiles.ReadOrCreateNext(options);
        await using (var storage = await OpenStorageAsync())
        {
            Assert.Equal(KeyringChange.Done, await KeyringRotation.RotateRootKeyAsync(storage.Keyring, held, next, TimeProvider.System, default));
        }

        using (var server = await ServeProcess.StartAsync(DataDirectory))
        {
            await AssertEveryVersionReadsAsync(server.SecretClient(server.DefaultVaultUri), [written]);
        }

        var rerun = await CofferAsync("root-key", "rotate", "--data-dir", DataDirectory);

        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Equal(next.ToBase64(), (await File.ReadAllTextAsync(RootKeyPath)).Trim());
        Assert.False(File.Exists(RootKeyFiles.NextPath(options)));
        Assert.Equal(0, (await CofferAsync("root-key", "forget-previous", "--data-dir", DataDirectory)).ExitCode);
        using (var server = await ServeProcess.StartAsync(DataDirectory))
        {
            await AssertEveryVersionReadsAsync(server.SecretClient(server.DefaultVaultUri), [written]);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(string Name, string Version, string Value)> WriteSecretAsync(IReadOnlyDictionary<string, string>? environment)
    {
        using var server = await ServeProcess.StartAsync(DataDirectory, ServeProcess.FreePort(), [], environment);
        var set = (await server.SecretClient(server.DefaultVaultUri).SetSecretAsync("kept", "value-before-rotation")).Value;
        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        return ("kept", set.Properties.Version, "value-before-rotation");
    }

    private static async Task AssertEveryVersionReadsAsync(SecretClient client, IEnumerable<(string Name, string Version, string Value)> written)
    {
        foreach (var (name, version, value) in written)
        {
            Assert.Equal(value, (await client.GetSecretAsync(name, version)).Value.Value);
        }
    }

    /// <summary>The keyring key ids the stored versions of <paramref name="names"/> are sealed under.</summary>
    private async Task<HashSet<int>> SealedUnderAsync(IEnumerable<string> names)
    {
        await using var storage = await OpenStorageAsync();
        var vault = (await storage.Vaults.ListAsync(default)).Single().Name;
        var ids = new HashSet<int>();
        foreach (var name in names)
        {
            var stored = await storage.Objects.ReadObjectAsync(new ObjectRef(vault, ObjectKind.Secret, name), default);
            ids.UnionWith(stored!.Versions.Select(v => BinaryPrimitives.ReadInt32BigEndian(v.SealedMaterial.AsSpan(1, 4))));
        }

        return ids;
    }

    private Task<ICofferStorage> OpenStorageAsync() =>
        new ServiceCollection().AddCofferSqlite(new CofferOptions { DataDirectory = DataDirectory }.DatabasePath).OpenCofferStorageAsync(default);

    private static bool IsRootKey(string line)
    {
        var bytes = new byte[64];
        return Convert.TryFromBase64String(line, bytes, out var length) && length == RootKey.Size;
    }

    private static async Task WaitForWritesAsync(ConcurrentBag<(string, string, string)> written, int count)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (written.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {written.Count} of {count} writes within {Bound}");
            await Task.Delay(50);
        }
    }

    /// <summary>Reruns <paramref name="rotate"/> (bounded) while it answers that a data key activation is pending.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> UntilActivatedAsync(Func<Task<(int ExitCode, string Output, string Error)>> rotate)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            var result = await rotate();
            if (result.ExitCode != 8 || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(500);
        }
    }

    private static Task<(int ExitCode, string Output, string Error)> CofferAsync(params string[] arguments) => CofferAsync(null, arguments);

    private static Task<(int ExitCode, string Output, string Error)> CofferAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        CofferDll.RunAsync(CofferDll.StartInfo(arguments, environment), TimeSpan.FromMinutes(2));
}
