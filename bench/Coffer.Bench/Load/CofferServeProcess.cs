using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Coffer.Bench.Load;

/// <summary>Starts the built <c>dotnet coffer.dll serve</c> on a data directory and port, its standard output drained and its error lines kept.</summary>
internal static class CofferServeProcess
{
    public static Process Start(string cofferDll, string dataDirectory, int port, ConcurrentQueue<string> errors)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { cofferDll, "serve", "--data-dir", dataDirectory, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet " + cofferDll);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                errors.Enqueue(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
