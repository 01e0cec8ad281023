using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Coffer.Core.Audit;
using Coffer.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Coffer.Server.Tests;

/// <summary>The audit log as the issue asks: who did what to which object, never a value, and no write or backup without its entry.</summary>
public sealed class AuditTests : IAsyncLifetime
{
    private readonly CofferFixture _fixture = new(Directory.CreateTempSubdirectory("coffer-audit-").FullName);

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private static string NewName() => $"a-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task BackupAndRestore_Entries_CarryThePrincipalAndTheObject()
    {
        var client = _fixture.SecretClient();
        var name = NewName();
        var set = await client.SetSecretAsync(name, "backed-up value");
        byte[] blob = await client.BackupSecretAsync(name);
        await (await client.StartDeleteSecretAsync(name)).WaitForCompletionAsync();
        await client.PurgeDeletedSecretAsync(name);
        await client.RestoreSecretBackupAsync(blob);
        var principal = (await _fixture.Server.App.Services.GetRequiredService<IClientStore>().FindAsync(_fixture.Deployment.DefaultClientId, default))!.ObjectId;

        var entries = await _fixture.AuditEntriesAsync(e => e.Operation == "SecretRestore" && e.Status == 200);

        var backup = Assert.Single(entries, e => e.Operation == "SecretBackup" && e.Status == 200);
        var restore = Assert.Single(entries, e => e.Operation == "SecretRestore" && e.Status == 200);
        foreach (var entry in new[] { backup, restore })
        {
            Assert.Equal((principal, _fixture.Deployment.DefaultClientId, _fixture.Deployment.TenantId), (entry.ObjectId, entry.ApplicationId, entry.TenantId));
            Assert.Equal((_fixture.Deployment.DefaultVaultName, "secret", name), (entry.Vault, entry.ObjectKind, entry.ObjectName));
            Assert.False(string.IsNullOrEmpty(entry.CorrelationId));
        }

        Assert.Equal(set.Value.Properties.Version, restore.ObjectVersion);
        // A restore writes: its attempt is stored before it runs. A backup writes nothing: its one entry is stored before the blob leaves.
        Assert.Contains(entries, e => e.Operation == "SecretRestore" && e.Status is null && e.RequestId == restore.RequestId);
        Assert.Single(entries, e => e.RequestId == backup.RequestId);
    }

    [Fact]
    public async Task Log_AfterSetsGetsAndBackups_HoldsNoSecretValue()
    {
        var client = _fixture.SecretClient();
        var name = NewName();
        var value = "never-in-the-log-" + Guid.NewGuid().ToString("N");
        await client.SetSecretAsync(name, value);
        await client.GetSecretAsync(name);
        await client.BackupSecretAsync(name);
        await client.SetSecretAsync(name + "x", value + "-2");

        var entries = await _fixture.AuditEntriesAsync(e => e.ObjectName == name + "x" && e.Status == 200);

        var text = string.Join("\n", entries.Select(e => e.ToString()));
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_fixture.DataDirectory, "coffer.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM audit_log";
        await using var reader = await command.ExecuteReaderAsync();
        var all = new StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                all.Append(reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : reader.GetValue(i)?.ToString()).Append('|');
            }
        }

        var rows = all.ToString();
        Assert.Contains(name, rows, StringComparison.Ordinal);
        Assert.DoesNotContain(value, rows, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupAndSet_AuditStoreFailing_Answer503AndDoNothing()
    {
        var client = _fixture.SecretClient();
        var name = NewName();
        await client.SetSecretAsync(name, "before");
        RequestFailedException backup, set;
        Response<KeyVaultSecret> read;
        await using (await RefuseAuditInsertsAsync())
        {
            backup = await Assert.ThrowsAsync<RequestFailedException>(() => client.BackupSecretAsync(name));
            set = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(name, "after"));
            read = await client.GetSecretAsync(name); // reads still answer: their entries are best-effort
        }

        Assert.Equal((503, "ServiceUnavailable"), (backup.Status, backup.ErrorCode));
        Assert.Equal((503, "ServiceUnavailable"), (set.Status, set.ErrorCode));
        Assert.Equal("before", read.Value.Value);
        Assert.Equal("before", (await client.GetSecretAsync(name)).Value.Value);
        Assert.Equal(1, await CountVersionsAsync(client, name));
    }

    [Fact]
    public async Task Requests_Refused_AreRecordedWithTheirStatusAndRequestId()
    {
        using var unauthenticated = await _fixture.RawClient().GetAsync("/secrets/nobody?api-version=7.4");
        var requestId = unauthenticated.Headers.GetValues("x-ms-request-id").Single();

        var entries = await _fixture.AuditEntriesAsync(e => e.RequestId == requestId);

        var entry = Assert.Single(entries, e => e.RequestId == requestId);
        Assert.Equal((401, "SecretGet", "nobody", (string?)null), (entry.Status, entry.Operation, entry.ObjectName, entry.ObjectId));
    }

    [Fact]
    public async Task Set_EntryCommittedWithTheWrite_PrecedesItsOutcome()
    {
        var name = NewName();
        var set = await _fixture.SecretClient().SetSecretAsync(name, "v");
        var requestId = set.GetRawResponse().Headers.RequestId;

        var entries = await _fixture.AuditEntriesAsync(e => e.RequestId == requestId && e.Status == 200);

        Assert.Equal([null, 200], entries.Where(e => e.RequestId == requestId).Select(e => e.Status));
        Assert.All(entries.Where(e => e.RequestId == requestId), e => Assert.Equal(("SecretSet", name), (e.Operation, e.ObjectName)));
    }

    /// <summary>Makes the database refuse audit inserts (a full disk, a lost table) until disposed: what the real store does then.</summary>
    private async Task<IAsyncDisposable> RefuseAuditInsertsAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_fixture.DataDirectory, "coffer.db")}");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE TRIGGER audit_log_refuse_for_test BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        return new AsyncDisposable(async () =>
        {
            await ExecuteAsync(connection, "DROP TRIGGER audit_log_refuse_for_test;");
            await connection.DisposeAsync();
        });
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class AsyncDisposable(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }

    private static async Task<int> CountVersionsAsync(SecretClient client, string name)
    {
        var count = 0;
        await foreach (var _ in client.GetPropertiesOfSecretVersionsAsync(name))
        {
            count++;
        }

        return count;
    }
}
