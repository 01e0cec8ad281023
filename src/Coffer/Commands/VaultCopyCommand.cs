using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Coffer.Core;

namespace Coffer.Cli.Commands;

/// <summary>
/// <c>coffer vault copy (--from-vault-name|--from-vault-url) (--to-vault-name|--to-vault-url)</c>: every secret version,
/// every certificate version and a report of the keys, from any Key Vault endpoint to any other (<see cref="VaultCopier"/>),
/// each side with its own credential and CA; resumable from its journal (<c>--resume</c>), 429s waited out on both sides,
/// <c>--dry-run</c> to list what would be copied. Exit 0 when everything copyable is on the target, 4 when a target object
/// conflicts, and a failure's status code otherwise (the journal is kept: run again with <c>--resume</c>).
/// </summary>
internal static class VaultCopyCommand
{
    public static Command Create()
    {
        var from = new VaultConnection("from");
        var to = new VaultConnection("to");
        var journalPath = new Option<string>("--journal")
        {
            Description = "Folder keeping the run's progress, for --resume.",
            DefaultValueFactory = _ => "coffer-copy.journal",
        };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted copy from --journal: finished objects are not read again." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read both vaults and list what would be copied; write nothing." };
        var parallel = new Option<int>("--parallel") { Description = "Objects copied at once (1-16); an object's versions go one after another.", DefaultValueFactory = _ => 4 };
        parallel.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 16) { r.AddError("--parallel must be 1 to 16."); } });
        var format = OutputFormatOption.Create();
        var command = new Command("copy",
            "Copy every secret and certificate, with every version, from one Key Vault endpoint to another (Coffer or Azure, either way); report the keys.")
        {
            journalPath, resume, dryRun, parallel, format,
        };
        foreach (var option in from.All.Concat(to.All))
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var source = from.Resolve(result);
            var destination = to.Resolve(result);
            if (Uri.Compare(source, destination, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                throw new CliInputException("The source and target are the same vault.");
            }

            var fromThrottle = new ThrottleCounter();
            var toThrottle = new ThrottleCounter();
            var copier = new VaultCopier(from.CreateClient(result, source, fromThrottle), to.CreateClient(result, destination, toThrottle), result.GetValue(dryRun));
            var progress = new RunProgress(result.GetValue(dryRun) ? "compared" : "copied", result.GetValue(format));
            VaultCopyJournal? journal = null;
            IReadOnlyList<CopiedObject> outcomes;
            if (result.GetValue(dryRun))
            {
                var plan = await copier.PlanAsync(cancellationToken);
                var found = new CopiedObject[plan.Objects.Count];
                await progress.RunAsync(plan.Objects.Count, 0, advance => Parallel.ForEachAsync(Enumerable.Range(0, plan.Objects.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = result.GetValue(parallel), CancellationToken = cancellationToken },
                    async (index, token) =>
                    {
                        found[index] = await copier.CopyAsync(plan.Objects[index], token);
                        advance();
                    }));
                outcomes = found;
            }
            else
            {
                journal = await OpenJournalAsync(result.GetValue(journalPath)!, result.GetValue(resume), copier, source, destination, cancellationToken);
                try
                {
                    await progress.RunAsync(journal.Plan.Objects.Count, journal.DoneCount, advance => Parallel.ForEachAsync(journal.Pending,
                        new ParallelOptions { MaxDegreeOfParallelism = result.GetValue(parallel), CancellationToken = cancellationToken },
                        async (index, token) =>
                        {
                            await journal.SaveAsync(index, await copier.CopyAsync(journal.Plan.Objects[index], token), token);
                            advance();
                        }));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await Console.Error.WriteLineAsync($"What was copied so far is recorded in {journal.Directory}; run the same command with --resume to copy only the rest.");
                    throw;
                }

                outcomes = await journal.ReadAllAsync(cancellationToken);
                journal.Delete();
            }

            Report(result.GetValue(format), result.GetValue(dryRun), outcomes, fromThrottle, toThrottle, progress);
            return outcomes.Any(o => o.Conflict is not null) ? ExitCodes.Conflict : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<VaultCopyJournal> OpenJournalAsync(string path, bool resume, VaultCopier copier, Uri source, Uri destination,
        CancellationToken cancellationToken)
    {
        var journal = await VaultCopyJournal.OpenAsync(path, cancellationToken);
        if (resume != journal is not null)
        {
            throw new CliInputException(journal is null
                ? $"There is no interrupted copy to resume ({Path.GetFullPath(path)} holds none)."
                : $"An interrupted copy left {journal.Directory}: pass --resume to continue it, or delete it to start again.");
        }

        if (journal is not null && (journal.Plan.From != source.ToString() || journal.Plan.To != destination.ToString()))
        {
            throw new CliInputException($"The interrupted copy was from {journal.Plan.From} to {journal.Plan.To}, not from {source} to {destination}.");
        }

        return journal ?? await VaultCopyJournal.CreateAsync(path, await copier.PlanAsync(cancellationToken), cancellationToken);
    }

    private static void Report(OutputFormat format, bool dryRun, IReadOnlyList<CopiedObject> outcomes, ThrottleCounter fromThrottle, ThrottleCounter toThrottle,
        RunProgress progress)
    {
        var copied = outcomes.Where(o => o.Copied.Count > 0).ToList();
        var present = outcomes.Where(o => o.Copied.Count == 0 && o.Present > 0 && o.Conflict is null).ToList();
        if (format == OutputFormat.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["dryRun"] = dryRun,
                ["copied"] = copied.SelectMany(o => o.Copied.Select(v => new Dictionary<string, object?>
                {
                    ["kind"] = o.Kind.WireName(), ["name"] = o.Name, ["from"] = v.From, ["to"] = v.To,
                })).ToList(),
                ["present"] = outcomes.Where(o => o.Present > 0).Select(o => new Dictionary<string, object?>
                {
                    ["kind"] = o.Kind.WireName(), ["name"] = o.Name, ["versions"] = o.Present,
                }).ToList(),
                ["notCopyable"] = outcomes.SelectMany(o => o.NotCopyable.Select(n => new Dictionary<string, object?>
                {
                    ["kind"] = o.Kind.WireName(), ["name"] = o.Name, ["id"] = n.Id, ["reason"] = n.Reason,
                })).ToList(),
                ["conflicts"] = outcomes.Where(o => o.Conflict is not null).Select(o => new Dictionary<string, object?>
                {
                    ["kind"] = o.Kind.WireName(), ["name"] = o.Name, ["reason"] = o.Conflict,
                }).ToList(),
                ["throttled"] = new Dictionary<string, object?> { ["from"] = fromThrottle.Throttled, ["to"] = toThrottle.Throttled },
                ["seconds"] = Math.Round(progress.Elapsed.TotalSeconds, 3),
            }, CliJsonContext.Default.DictionaryStringObject));
            return;
        }

        var verb = dryRun ? "Would copy" : "Copied";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{verb} {copied.Sum(o => o.Copied.Count)} version(s) of {copied.Count} object(s); {present.Count} object(s) already there whole; {outcomes.Sum(o => o.NotCopyable.Count)} not copyable; {outcomes.Count(o => o.Conflict is not null)} conflict(s); {progress.Elapsed.TotalSeconds:F1} s."));
        foreach (var o in copied)
        {
            foreach (var v in o.Copied)
            {
                Console.WriteLine(dryRun ? $"would copy {v.From}" : $"copied {v.From} -> {v.To}");
            }
        }

        foreach (var o in outcomes)
        {
            foreach (var n in o.NotCopyable)
            {
                Console.WriteLine($"not copied {n.Id}: {n.Reason}");
            }

            if (o.Conflict is not null)
            {
                Console.WriteLine($"conflict {o.Kind.WireName()} {o.Name}: {o.Conflict}");
            }
        }

        if (fromThrottle.Throttled + toThrottle.Throttled > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Throttled (429) {fromThrottle.Throttled} times by the source and {toThrottle.Throttled} by the target; waited as Retry-After asked."));
        }
    }
}
