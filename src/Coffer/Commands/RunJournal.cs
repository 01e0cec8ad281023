using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Coffer.Cli.Commands;

/// <summary>
/// The resumable state of a long CLI run, in a folder: the plan (<c>plan.json</c>, fixed once) and one file per finished step.
/// A file appears only complete (written aside, then renamed), so a killed run leaves only whole steps; <c>--resume</c> reads
/// the plan back and does what no file records yet. Used by <c>backup vault</c> and <c>vault copy</c>.
/// </summary>
internal sealed class RunJournal<TPlan>
    where TPlan : class
{
    private RunJournal(string directory, TPlan plan)
    {
        Directory = directory;
        Plan = plan;
    }

    public string Directory { get; }

    public TPlan Plan { get; }

    public static async Task<RunJournal<TPlan>> CreateAsync(string directory, TPlan plan, JsonTypeInfo<TPlan> type, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var journal = new RunJournal<TPlan>(directory, plan);
        await journal.WriteAsync("plan.json", JsonSerializer.SerializeToUtf8Bytes(plan, type), cancellationToken);
        return journal;
    }

    /// <summary>The journal in <paramref name="directory"/>, or null when there is none; a plan <paramref name="isComplete"/> refuses is damaged.</summary>
    public static async Task<RunJournal<TPlan>?> OpenAsync(string directory, JsonTypeInfo<TPlan> type, Func<TPlan, bool> isComplete,
        CancellationToken cancellationToken)
    {
        var planPath = Path.Combine(directory, "plan.json");
        if (!File.Exists(planPath))
        {
            return null;
        }

        try
        {
            var plan = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(planPath, cancellationToken), type);
            return plan is not null && isComplete(plan) ? new RunJournal<TPlan>(directory, plan) : throw new JsonException("incomplete plan");
        }
        catch (JsonException e)
        {
            throw new CliInputException($"The journal {planPath} is damaged ({e.Message}); delete {directory} and start again.");
        }
    }

    public bool Has(string file) => File.Exists(Path.Combine(Directory, file));

    public Task<byte[]> ReadAsync(string file, CancellationToken cancellationToken) => File.ReadAllBytesAsync(Path.Combine(Directory, file), cancellationToken);

    /// <summary>Writes <paramref name="file"/> aside and renames it into place: it exists only whole.</summary>
    public async Task WriteAsync(string file, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, file);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public void Delete() => System.IO.Directory.Delete(Directory, recursive: true);
}
