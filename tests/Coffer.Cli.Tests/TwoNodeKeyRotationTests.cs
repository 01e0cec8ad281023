using System.Buffers.Binary;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core;
using Coffer.Core.Crypto;
using Coffer.Core.Storage;
using Coffer.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Cli.Tests;

/// <summary>
/// Two nodes on one PostgreSQL database while the keyring and then the root key rotate under them: whatever one node writes
/// the other reads at once — before, during and after the new data key activates, and after the previous root key is
/// forgotten (the nodes hold their data keys) — and the audit log verifies with the new root key.
/// </summary>
[Collection(TwoNodeGroup.Name)]
public sealed class TwoNodeKeyRotationTests(TwoNodeFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Rotations_WhileTwoNodesServe_EachReadsWhatTheOtherWrites()
    {
        using var nodes = await NodePair.StartAsync(fixture.Cluster);
        var a = nodes.A.SecretClient(nodes.A.DefaultVaultUri);
        var b = nodes.B.SecretClient(nodes.B.DefaultVaultUri);
        var dataDirectory = Directory.CreateTempSubdirectory("coffer-rotation-cli-").FullName;
        try
        {
            await WriteAndReadAsync(a, b, "before");
            var rotate = await CofferAsync(nodes.RootKey, "keyring", "rotate", "--database", nodes.Database, "--data-dir", dataDirectory, "--activation-delay", "8");
            Assert.True(rotate.ExitCode == 0, rotate.Error);

            var deadline = DateTime.UtcNow + Bound;
            var version = "";
            while (await KeyIdAsync(nodes, version) != 2) // written on A, read on B at once, until A seals under the new key
            {
                Assert.True(DateTime.UtcNow < deadline, "node A did not seal under the new data key");
                version = await WriteAndReadAsync(a, b, "activating");
            }

            await WriteAndReadAsync(b, a, "activated");
            var rotated = await CofferAsync(nodes.RootKey, "root-key", "rotate", "--database", nodes.Database, "--data-dir", dataDirectory);
            Assert.True(rotated.ExitCode == 0, rotated.Error);
            var newRootKey = rotated.Output.Split('\n', StringSplitOptions.TrimEntries).Single(line => line.Length == 44 && line != nodes.RootKey);
            await WriteAndReadAsync(a, b, "rewrapped");

            var forget = await CofferAsync(newRootKey, "root-key", "forget-previous", "--database", nodes.Database, "--data-dir", dataDirectory);
            Assert.True(forget.ExitCode == 0, forget.Error);
            await WriteAndReadAsync(b, a, "forgotten");
            var verify = await CofferAsync(newRootKey, "audit", "verify", "--database", nodes.Database, "--data-dir", dataDirectory);
            Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
            var old = await CofferAsync(nodes.RootKey, "audit", "verify", "--database", nodes.Database, "--data-dir", dataDirectory);
            Assert.NotEqual(0, old.ExitCode); // the previous root key opens nothing any more
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Sets a new version of secret <paramref name="name"/> through <paramref name="writer"/> and reads it by version through <paramref name="reader"/>.</summary>
    private static async Task<string> WriteAndReadAsync(SecretClient writer, SecretClient reader, string name)
    {
        var value = Guid.NewGuid().ToString("N");
        var version = (await writer.SetSecretAsync(name, value)).Value.Properties.Version;
        Assert.Equal(value, (await reader.GetSecretAsync(name, version)).Value.Value);
        return version;
    }

    /// <summary>The keyring key id version <paramref name="version"/> of the secret "activating" is sealed under (0: none yet).</summary>
    private static async Task<int> KeyIdAsync(NodePair nodes, string version)
    {
        if (version.Length == 0)
        {
            return 0;
        }

        await using var storage = await new ServiceCollection().AddCofferPostgres(nodes.Database).OpenCofferStorageAsync(default);
        var stored = await storage.Objects.ReadObjectAsync(new ObjectRef(nodes.DefaultVault, ObjectKind.Secret, "activating"), default);
        return BinaryPrimitives.ReadInt32BigEndian(stored!.Versions.Single(v => v.Version == version).SealedMaterial.AsSpan(1, 4));
    }

    private static Task<(int ExitCode, string Output, string Error)> CofferAsync(string rootKey, params string[] arguments) =>
        CofferDll.RunAsync(CofferDll.StartInfo(arguments, new Dictionary<string, string> { ["COFFER_ROOT_KEY"] = rootKey }), TimeSpan.FromMinutes(2));
}
