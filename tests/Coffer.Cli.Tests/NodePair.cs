using System.Security.Cryptography;
using Coffer.Client.Management;
using Coffer.Tests;

namespace Coffer.Cli.Tests;

/// <summary>
/// Two <c>coffer serve</c> processes, A and B, on one PostgreSQL database, as an operator runs them behind a load
/// balancer: the same root key (<c>COFFER_ROOT_KEY</c>), the same <c>--authority-host</c> (A's address), each its own
/// data directory and port. They start at the same time, on an empty database. A connects with the application name
/// <c>coffer-a</c>, so a test can find its sessions in <c>pg_stat_activity</c>.
/// </summary>
internal sealed class NodePair : IDisposable
{
    public const string ApplicationNameOfA = "coffer-a";

    private readonly string _directory;

    private NodePair(string directory, string database, string rootKey, ServeProcess a, ServeProcess b)
    {
        _directory = directory;
        Database = database;
        RootKey = rootKey;
        A = a;
        B = b;
    }

    public ServeProcess A { get; }

    public ServeProcess B { get; }

    /// <summary>The connection string both nodes were given (without A's application name).</summary>
    public string Database { get; }

    public string RootKey { get; }

    /// <summary>Starts both (bounded: 60 s each) on a new database of <paramref name="cluster"/>, each with <paramref name="arguments"/> added.</summary>
    public static async Task<NodePair> StartAsync(PostgresCluster cluster, params string[] arguments)
    {
        var database = await cluster.CreateDatabaseAsync();
        var rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var directory = Directory.CreateTempSubdirectory("coffer-nodes-").FullName;
        var (portA, portB) = (ServeProcess.FreePort(), ServeProcess.FreePort());
        var environment = new Dictionary<string, string> { ["COFFER_ROOT_KEY"] = rootKey };
        string[] shared = ["--authority-host", $"https://localhost:{portA}", .. arguments];
        var a = ServeProcess.StartAsync(Path.Combine(directory, "a"), portA,
            ["--database", $"{database};Application Name={ApplicationNameOfA}", .. shared], environment);
        var b = ServeProcess.StartAsync(Path.Combine(directory, "b"), portB, ["--database", database, .. shared], environment);
        try
        {
            await Task.WhenAll(a, b);
        }
        catch
        {
            foreach (var started in new[] { a, b }.Where(t => t.IsCompletedSuccessfully))
            {
                started.Result.Dispose();
            }

            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new NodePair(directory, database, rootKey, a.Result, b.Result);
    }

    /// <summary>The vault every node made (or found) at its first start.</summary>
    public string DefaultVault => A.DefaultVaultUri.Host.Split('.')[0];

    /// <summary>
    /// A new vault, made through B's management API, in westus2: the default vault's subscription and geography (US),
    /// so that a backup of the one restores into the other.
    /// </summary>
    public async Task<string> CreateVaultAsync()
    {
        var name = "v" + Guid.NewGuid().ToString("N")[..12];
        await B.Management().CreateVaultAsync(new VaultCreateRequest(name, "westus2"), default);
        return name;
    }

    /// <summary><c>coffer audit verify --database</c> over what both nodes wrote.</summary>
    public Task<(int ExitCode, string Output, string Error)> VerifyAuditAsync() => RunAsync("audit", "verify", "--database", Database);

    /// <summary>Runs <c>coffer ARGS</c> with the deployment's root key (bounded: 120 s).</summary>
    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        CofferDll.RunAsync(CofferDll.StartInfo(args, new Dictionary<string, string> { ["COFFER_ROOT_KEY"] = RootKey }), TimeSpan.FromSeconds(120));

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
