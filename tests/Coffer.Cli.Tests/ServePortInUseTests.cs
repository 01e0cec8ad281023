using System.Net;
using System.Net.Sockets;

namespace Coffer.Cli.Tests;

/// <summary><c>coffer serve</c> on a port another process holds: one line naming the port and the flag, no stack trace.</summary>
public sealed class ServePortInUseTests
{
    [Fact]
    public async Task Serve_PortInUse_PrintsOneLineNamingPortAndFlag_ExitsNonZero()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var directory = Directory.CreateTempSubdirectory("coffer-port-").FullName;
        try
        {
            var result = await CofferDll.RunAsync(
                CofferDll.StartInfo(["serve", "--data-dir", directory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
                TimeSpan.FromSeconds(120));

            var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Equal($"coffer serve: port {port} on 127.0.0.1 is already in use; choose another with --port.", Assert.Single(lines));
            Assert.DoesNotContain(" at ", result.Output + result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
