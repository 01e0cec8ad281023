using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Coffer.Client;
using Coffer.Client.Management;
using Xunit.Abstractions;

namespace Coffer.Cli.Tests;

/// <summary>
/// Two real <c>coffer serve</c> processes on one PostgreSQL database, over TLS, driven by the .NET SDK (retries off, so
/// every failure is seen): writes and restores racing across both nodes, tokens, the CA and access changes shared.
/// </summary>
[Collection(TwoNodeGroup.Name)]
public sealed class TwoNodeTests(TwoNodeFixture fixture, ITestOutputHelper output)
{
    private readonly NodePair _nodes = fixture.Nodes;

    [Fact]
    public async Task SetSecret_SixteenWritersSplitAcrossNodes_EveryAcknowledgedVersionListedOnBothNoFailure()
    {
        const int Writers = 16;
        const int VersionsEach = 50;
        var name = "shared-" + Guid.NewGuid().ToString("N")[..8];
        var writers = Enumerable.Range(0, Writers).Select(i => NodeOf(i).SecretClient(_nodes.DefaultVault)).ToList();
        var acknowledged = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(writers.Select(async (client, writer) =>
        {
            for (var v = 0; v < VersionsEach; v++)
            {
                try
                {
                    acknowledged.Add((await client.SetSecretAsync(name, $"writer {writer} version {v}")).Value.Properties.Version);
                }
                catch (RequestFailedException e)
                {
                    failures.Add($"{e.Status} {e.ErrorCode} {e.Message}");
                }
            }
        }));
        var writing = clock.Elapsed;
        var listedOnA = await ListVersionsAsync(_nodes.A.SecretClient(_nodes.DefaultVault), name);
        var listedOnB = await ListVersionsAsync(_nodes.B.SecretClient(_nodes.DefaultVault), name);
        var audit = await _nodes.VerifyAuditAsync();

        output.WriteLine($"{acknowledged.Count} versions acknowledged by {Writers} writers in {writing.TotalSeconds:0.0} s; listed {listedOnA.Count} on A, {listedOnB.Count} on B");
        Assert.Empty(failures);
        Assert.Equal(Writers * VersionsEach, acknowledged.Distinct().Count());
        Assert.Equal(acknowledged.Order(), listedOnA.Order());
        Assert.Equal(acknowledged.Order(), listedOnB.Order());
        Assert.True(audit.ExitCode == 0, audit.Error);
    }

    [Fact]
    public async Task RestoreSecret_SixteenRacingRestoresOfOneBlobSplitAcrossNodes_One200Fifteen409()
    {
        var name = "raced-" + Guid.NewGuid().ToString("N")[..8];
        var source = _nodes.A.SecretClient(_nodes.DefaultVault);
        for (var v = 0; v < 3; v++)
        {
            await source.SetSecretAsync(name, $"version {v}");
        }

        var blob = (await source.BackupSecretAsync(name)).Value;
        var target = await _nodes.CreateVaultAsync();
        var restorers = Enumerable.Range(0, 16).Select(i => NodeOf(i).SecretClient(target)).ToList();
        foreach (var restorer in restorers)
        {
            await AnswerAsync(() => restorer.GetSecretAsync(name)); // each client has its token before the race: the restores start together
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = restorers.Select(async restorer =>
        {
            await go.Task;
            return await AnswerAsync(() => restorer.RestoreSecretBackupAsync(blob));
        }).ToList();
        go.SetResult();
        var statuses = await Task.WhenAll(racing);

        output.WriteLine($"restore answers: {string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()}x {g.Key}"))}");
        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.Equal(15, statuses.Count(s => s == 409));
        Assert.Equal(3, (await ListVersionsAsync(_nodes.A.SecretClient(target), name)).Count);
        Assert.Equal(3, (await ListVersionsAsync(_nodes.B.SecretClient(target), name)).Count);
    }

    [Fact]
    public async Task Token_FromEitherNodesTokenEndpoint_IsAcceptedByTheOther()
    {
        var name = "token-" + Guid.NewGuid().ToString("N")[..8];
        var onBWithTokenOfA = _nodes.B.SecretClient(_nodes.DefaultVault, _nodes.A.Credential(authorityHost: _nodes.A.Address));
        var onAWithTokenOfB = _nodes.A.SecretClient(_nodes.DefaultVault, _nodes.B.Credential(authorityHost: _nodes.B.Address));

        var set = await onBWithTokenOfA.SetSecretAsync(name, "set on B with A's token");
        var read = await onAWithTokenOfB.GetSecretAsync(name);

        Assert.Equal(200, set.GetRawResponse().Status);
        Assert.Equal("set on B with A's token", read.Value.Value);
    }

    [Fact]
    public async Task Tls_BothNodes_PresentCertificatesOfTheCaEitherNodeExports()
    {
        var exportedByA = await _nodes.RunAsync("cert", "export", "--data-dir", _nodes.A.DataDirectory);
        var exportedByB = await _nodes.RunAsync("cert", "export", "--data-dir", _nodes.B.DataDirectory);
        using var ca = X509Certificate2.CreateFromPem(exportedByA.Output);
        using var trustingTheCa = new HttpClient(CofferTransport.CreateHandler(ca));
        using var trustingTheSystem = new HttpClient(CofferTransport.CreateHandler(null));

        Assert.Equal((0, 0), (exportedByA.ExitCode, exportedByB.ExitCode));
        Assert.Equal(exportedByA.Output, exportedByB.Output);
        foreach (var node in new[] { _nodes.A, _nodes.B })
        {
            var secrets = new Uri(node.VaultUri(_nodes.DefaultVault), "/secrets?api-version=7.5");
            using var challenge = await trustingTheCa.GetAsync(secrets); // TLS, the host name checked, with the exported CA as the one extra root
            Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
            var untrusted = await Assert.ThrowsAsync<HttpRequestException>(() => trustingTheSystem.GetAsync(secrets));
            Assert.IsType<AuthenticationException>(untrusted.InnerException);
        }
    }

    [Fact]
    public async Task AccessPolicy_RemovedOnNodeA_NodeBAnswers403WithinOneSecond()
    {
        var name = "guarded-" + Guid.NewGuid().ToString("N")[..8];
        var management = _nodes.A.Management();
        var client = await management.CreateClientAsync("reader-" + name, admin: false, default);
        await management.UpdateAccessPoliciesAsync(_nodes.DefaultVault, "add",
            [new AccessPolicyInfo(null, client.ObjectId, new AccessPolicyPermissionsInfo(null, ["get"], null))], default);
        await _nodes.A.SecretClient(_nodes.DefaultVault).SetSecretAsync(name, "guarded");
        var reader = _nodes.B.SecretClient(_nodes.DefaultVault, _nodes.B.Credential(clientId: client.ClientId, clientSecret: client.Secret));
        await AnswerAsync(() => reader.GetSecretAsync("absent")); // the reader has its token: what follows are reads alone
        var granted = await ReadWithinOneSecondAsync(() => reader.GetSecretAsync(name), until: 200); // B holds the vault's access state from here

        await management.UpdateAccessPoliciesAsync(_nodes.DefaultVault, "remove", [new AccessPolicyInfo(null, client.ObjectId, null)], default);
        var revoked = await ReadWithinOneSecondAsync(() => reader.GetSecretAsync(name), until: 403);

        output.WriteLine($"B answered {granted.Status} {granted.Elapsed.TotalMilliseconds:0} ms after the grant on A returned; "
            + $"{revoked.Status} {revoked.Elapsed.TotalMilliseconds:0} ms after the removal on A returned");
        Assert.Equal((200, 403), (granted.Status, revoked.Status));
    }

    /// <summary>Reads until the answer is <paramref name="until"/>, for one second at most: the last answer and when it came.</summary>
    private static async Task<(int Status, TimeSpan Elapsed)> ReadWithinOneSecondAsync(Func<Task<Response<KeyVaultSecret>>> read, int until)
    {
        var clock = Stopwatch.StartNew();
        int status;
        do
        {
            status = await AnswerAsync(read);
        }
        while (status != until && clock.Elapsed < TimeSpan.FromSeconds(1));

        return (status, clock.Elapsed);
    }

    private ServeProcess NodeOf(int i) => i % 2 == 0 ? _nodes.A : _nodes.B;

    /// <summary>Every version id of a secret as the node lists them; none when the secret is not there.</summary>
    internal static async Task<List<string>> ListVersionsAsync(SecretClient client, string name)
    {
        var versions = new List<string>();
        try
        {
            await foreach (var properties in client.GetPropertiesOfSecretVersionsAsync(name))
            {
                versions.Add(properties.Version);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        return versions;
    }

    /// <summary>The status the call was answered with, failure or not.</summary>
    internal static async Task<int> AnswerAsync<T>(Func<Task<Response<T>>> call)
    {
        try
        {
            return (await call()).GetRawResponse().Status;
        }
        catch (RequestFailedException e)
        {
            return e.Status;
        }
    }
}
