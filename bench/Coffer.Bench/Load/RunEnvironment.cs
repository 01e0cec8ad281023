using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Coffer.Bench.Load;

/// <summary>The one line that says what a run's numbers were measured on.</summary>
internal static class RunEnvironment
{
    public static string Describe(LoadSettings settings, string configuration) =>
        $"Coffer load harness: {settings.Clients} clients, {settings.PhaseDuration.TotalSeconds:0.#} s per phase " +
        $"(at most {settings.MaxOpsPerPhase} ops), {settings.ValueBytes}-byte values; " + Machine(configuration);

    /// <summary>CPUs, runtime, OS, GC mode and build configuration.</summary>
    public static string Machine(string configuration) =>
        $"{Environment.ProcessorCount} CPUs, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, " +
        $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {configuration}";

    /// <summary>"Release", or a warning that the numbers of a Debug build mean little.</summary>
    public static string Configuration() =>
        typeof(RunEnvironment).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true
            ? "Debug (numbers mean little: use -c Release)"
            : "Release";
}
