using System.Globalization;
using BenchmarkDotNet.Attributes;
using Coffer.Core;
using Coffer.Core.Vaults;
using Coffer.Storage.Sqlite;

namespace Coffer.Bench.Micro;

/// <summary>The store's share of a secret get and set, on one thread (no lock contention) over a vault of 1,000 secrets.</summary>
[MemoryDiagnoser]
public class SqliteObjectStoreBenchmarks
{
    private const int Secrets = 1_000;
    private const string VaultName = "bench";
    private static readonly ObjectAttributes Enabled = new(true, null, null);
    private DirectoryInfo _directory = null!;
    private SqliteDatabase _database = null!;
    private SqliteObjectStore _store = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("coffer-bench-sqlite-");
        var database = _database = await SqliteDatabase.OpenAsync(Path.Combine(_directory.FullName, "coffer.db"), CancellationToken.None);
        await new SqliteVaultStore(database).CreateAsync(
            new Vault(VaultName, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "eastus", 90, false, DateTimeOffset.UtcNow), CancellationToken.None);
        _store = new SqliteObjectStore(database);
        for (var i = 0; i < Secrets; i++)
        {
            await _store.AddVersionAsync(Ref(i), NewVersion(), CancellationToken.None);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        _directory.Delete(recursive: true);
    }

    [Benchmark]
    public async Task<bool> GetLatestVersion() =>
        await _store.GetVersionAsync(Ref(_next++ % Secrets), null, CancellationToken.None) is not null;

    [Benchmark]
    public Task AddVersion() => _store.AddVersionAsync(Ref(_next++ % Secrets), NewVersion(), CancellationToken.None);

    private static ObjectRef Ref(int i) => new(VaultName, ObjectKind.Secret, "secret-" + i.ToString(CultureInfo.InvariantCulture));

    private static ObjectVersion NewVersion()
    {
        var now = DateTimeOffset.UtcNow;
        return new ObjectVersion(ObjectName.NewVersion(), now, now, Enabled, null, null, new byte[64 + 33]);
    }
}
