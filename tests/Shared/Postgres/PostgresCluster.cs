using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coffer.Tests;

/// <summary>
/// A throw-away PostgreSQL cluster: <c>initdb</c> in a temporary directory, started on 127.0.0.1 and a free port
/// (trust authentication, fsync off), stopped and deleted on dispose. No service of the machine is used. Run as the
/// <c>postgres</c> OS user when the tests run as root, since PostgreSQL refuses to. The binaries are those of
/// <c>COFFER_POSTGRES_BIN</c>, else of the newest <c>/usr/lib/postgresql/*/bin</c> (Debian's <c>postgresql</c> package).
/// Its default collation is ICU English, as production databases' usually is, so an ORDER BY that relied on the C
/// collation without saying so would show. Link this folder's files into a test project, and <c>Fixture/</c>'s to make
/// it an xunit fixture; the bench links this one alone and starts it with settings of its own.
/// </summary>
public sealed partial class PostgresCluster
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private static readonly bool AsRoot = Environment.UserName == "root";

    private readonly string _bin = FindBinaries();
    private readonly int _port = FreePort();
    private readonly string _settings;
    private string _directory = null!;

    public PostgresCluster()
        : this("")
    {
    }

    /// <param name="settings">Server settings after the defaults, which they override (e.g. <c>-c fsync=on</c>).</param>
    internal PostgresCluster(string settings) => _settings = settings; // internal: xunit wants one public constructor of a fixture

    /// <summary>The cluster's data directory (its <c>postmaster.pid</c> names the server process).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    public async Task InitializeAsync()
    {
        _directory = AsRoot
            ? (await RunAsync("mktemp", ["-d", Path.Combine(Path.GetTempPath(), "coffer-pg-XXXXXX")], asPostgres: true)).Trim()
            : Directory.CreateTempSubdirectory("coffer-pg-").FullName;
        await RunAsync(Path.Combine(_bin, "initdb"),
            ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en"],
            asPostgres: true);
        await StartAsync();
    }

    /// <summary>Starts the server of the cluster (again, after <see cref="StopAsync"/>), on the same port.</summary>
    public async Task StartAsync()
    {
        var settings = $"-c listen_addresses=127.0.0.1 -p {_port} -c unix_socket_directories={_directory} -c max_connections=300 "
            + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off " + _settings;
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "-o", settings, "start"], asPostgres: true);
    }

    /// <summary>Stops the server (its sessions are ended), keeping the cluster's files for <see cref="StartAsync"/>.</summary>
    public Task StopAsync() =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], asPostgres: true);

    public async Task DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database}";

    /// <summary>A new empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "coffer_" + Guid.NewGuid().ToString("N");
        await RunAsync(Path.Combine(_bin, "psql"),
            ["-h", "127.0.0.1", "-p", $"{_port}", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", $"CREATE DATABASE {name}"],
            asPostgres: false);
        return ConnectionString(name);
    }

    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("COFFER_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: apt-get install postgresql (scripts/test.sh does), or set COFFER_POSTGRES_BIN to its bin directory.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres && AsRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in asPostgres && AsRoot ? ["-u", "postgres", "--", program, .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }
}
