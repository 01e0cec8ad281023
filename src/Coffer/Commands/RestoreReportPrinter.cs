using System.Globalization;
using System.Text.Json;
using Coffer.Core.Backup.Archive;
using Spectre.Console;

namespace Coffer.Cli.Commands;

/// <summary>The summary of a whole-vault restore: a table (Spectre.Console on a terminal, aligned text otherwise) or JSON.</summary>
internal static class RestoreReportPrinter
{
    public static void Print(OutputFormat format, Uri vault, VaultRestoreReport report, ThrottleCounter throttle)
    {
        if (format == OutputFormat.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.VaultRestoreReport));
            return;
        }

        var rows = report.Restored.Select(r => (r.Kind, r.Name, "restored", r.Versions > 0 ? $"{r.Versions} version(s)" : ""))
            .Concat(report.Skipped.Select(s => (s.Kind, s.Name, "skipped", s.Reason == "deleted" ? "soft-deleted in the vault" : "exists in the vault")))
            .Concat(report.Failed.Select(f => (f.Kind, f.Name, "failed", $"{f.Code}: {f.Message}")))
            .ToList();
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var table = new Table().AddColumns("kind", "name", "result", "detail");
            foreach (var (kind, name, outcome, detail) in rows)
            {
                table.AddRow(Markup.Escape(kind), Markup.Escape(name), outcome, Markup.Escape(detail));
            }

            AnsiConsole.Write(table);
        }
        else
        {
            foreach (var (kind, name, outcome, detail) in rows)
            {
                Console.WriteLine($"{kind,-12} {name,-40} {outcome,-9} {detail}");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Into {vault}: {report.Restored.Count} restored, {report.Skipped.Count} skipped, {report.Failed.Count} failed."));
        if (throttle.Throttled > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Throttled {throttle.Throttled} times (429); waited {throttle.RetryAfter.TotalSeconds:F0} s as Retry-After asked."));
        }
    }
}
