using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure;
using Coffer.Core.Audit;
using Coffer.Server.Audit.Sinks;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>Audit sinks beside the database: a JSON-lines file and syslog over TCP, required or best effort.</summary>
public sealed class AuditSinkTests
{
    private static string NewName() => $"s-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task FileSink_SetGetsAndBackup_OneLinePerStoredEntryAndNoSecret()
    {
        var directory = Directory.CreateTempSubdirectory("coffer-sink-").FullName;
        var sinkDirectory = Path.Combine(directory, "audit");
        var fixture = new CofferFixture(Path.Combine(directory, "data"), configureOptions: o => o.AuditFile = new AuditFileSinkOptions { Directory = sinkDirectory });
        await fixture.InitializeAsync();
        try
        {
            var client = fixture.SecretClient();
            var name = NewName();
            var value = "never-in-a-sink-" + Guid.NewGuid().ToString("N");
            await client.SetSecretAsync(name, value);
            var gets = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                gets.Add((await client.GetSecretAsync(name)).GetRawResponse().Headers.RequestId!);
            }

            await client.BackupSecretAsync(name);
            var entries = await fixture.AuditEntriesAsync(e => gets.Contains(e.RequestId) && e.RequestId == gets[^1]);
            var stored = await fixture.Server.App.Services.GetRequiredService<IAuditStore>().ReadAsync(1, 100_000, default);

            var lines = Directory.GetFiles(sinkDirectory, "audit-*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).ToList();
            var records = lines.Select(l => AuditRecordJson.Read(JsonDocument.Parse(l).RootElement)).ToList();
            Assert.Equal(stored.Select(r => (r.Sequence, Convert.ToHexString(r.Hash))), records.Select(r => (r.Sequence, Convert.ToHexString(r.Hash))));
            Assert.Equal(stored.Select(r => r.Entry), records.Select(r => r.Entry));
            Assert.All(gets, id => Assert.Single(records, r => r.Entry.RequestId == id));
            Assert.Contains(records, r => r.Entry.Operation == "SecretBackup" && r.Entry.Status == 200);
            var text = string.Join('\n', lines);
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal); // no JWT (their header always starts so)
            Assert.DoesNotContain(fixture.Deployment.DefaultClientSecret, text, StringComparison.Ordinal);
            Assert.NotEmpty(entries);
        }
        finally
        {
            await fixture.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SyslogSinkDown_Required_RefusesBackupAndWrite503_BestEffort_Answers(bool required)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var fixture = new CofferFixture(Directory.CreateTempSubdirectory("coffer-syslog-").FullName,
            configureOptions: o => o.AuditSyslog = new AuditSyslogSinkOptions { Address = new Uri($"tcp://127.0.0.1:{port}"), Required = required });
        await fixture.InitializeAsync();
        try
        {
            var client = fixture.SecretClient();
            var name = NewName();
            var accepting = listener.AcceptTcpClientAsync();
            await client.SetSecretAsync(name, "value-before-the-sink-fails");
            using var syslog = await accepting;
            var frame = await ReadFrameAsync(syslog.GetStream());

            // The syslog server goes away: its connection reset, its port closed.
            syslog.Client.LingerState = new LingerOption(true, 0);
            syslog.Close();
            listener.Stop();

            if (required)
            {
                var backup = await Assert.ThrowsAsync<RequestFailedException>(() => client.BackupSecretAsync(name));
                var set = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(name, "not-written"));
                Assert.Equal((503, 503), (backup.Status, set.Status));
                Assert.Equal("value-before-the-sink-fails", (await client.GetSecretAsync(name)).Value.Value);
            }
            else
            {
                Assert.NotEmpty((await client.BackupSecretAsync(name)).Value);
                Assert.Equal("written", (await client.SetSecretAsync(name, "written")).Value.Value);
            }

            Assert.Matches(@"^<110>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ coffer \d+ audit - \{""sequence"":\d+,", frame);
            Assert.Contains("\"operation\":\"SecretSet\"", frame, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    /// <summary>One octet-counted frame (RFC 6587): its length, a space, the message.</summary>
    private static async Task<string> ReadFrameAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var length = 0;
        var one = new byte[1];
        while (await stream.ReadAsync(one, timeout.Token) == 1 && one[0] != (byte)' ')
        {
            length = (length * 10) + (one[0] - '0');
        }

        var message = new byte[length];
        await stream.ReadExactlyAsync(message, timeout.Token);
        return Encoding.UTF8.GetString(message);
    }
}
