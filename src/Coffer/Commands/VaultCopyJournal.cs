using System.Globalization;
using System.Text.Json;

namespace Coffer.Cli.Commands;

/// <summary>
/// The resumable state of a <c>vault copy</c> (a <see cref="RunJournal{TPlan}"/>): the plan (both vaults, the source's objects in
/// order) and, per finished object, what was done with it (old id → new id). An object cut off mid-way has no file and is copied
/// again on <c>--resume</c>, which matches by content (<see cref="VaultCopier"/>) and so writes no version twice.
/// </summary>
internal sealed class VaultCopyJournal
{
    private readonly RunJournal<VaultCopyPlan> _journal;

    private VaultCopyJournal(RunJournal<VaultCopyPlan> journal) => _journal = journal;

    public string Directory => _journal.Directory;

    public VaultCopyPlan Plan => _journal.Plan;

    public int DoneCount => Enumerable.Range(0, Plan.Objects.Count).Count(IsDone);

    public IEnumerable<int> Pending => Enumerable.Range(0, Plan.Objects.Count).Where(index => !IsDone(index));

    public static async Task<VaultCopyJournal> CreateAsync(string path, VaultCopyPlan plan, CancellationToken cancellationToken) =>
        new(await RunJournal<VaultCopyPlan>.CreateAsync(Path.GetFullPath(path), plan, CliJsonContext.Default.VaultCopyPlan, cancellationToken));

    public static async Task<VaultCopyJournal?> OpenAsync(string path, CancellationToken cancellationToken) =>
        await RunJournal<VaultCopyPlan>.OpenAsync(Path.GetFullPath(path), CliJsonContext.Default.VaultCopyPlan,
            plan => plan is { Objects: not null, From: not null, To: not null }, cancellationToken) is { } journal
            ? new VaultCopyJournal(journal)
            : null;

    public Task SaveAsync(int index, CopiedObject outcome, CancellationToken cancellationToken) =>
        _journal.WriteAsync(File(index), JsonSerializer.SerializeToUtf8Bytes(outcome, CliJsonContext.Default.CopiedObject), cancellationToken);

    public async Task<IReadOnlyList<CopiedObject>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<CopiedObject>(Plan.Objects.Count);
        for (var index = 0; index < Plan.Objects.Count; index++)
        {
            outcomes.Add(JsonSerializer.Deserialize(await _journal.ReadAsync(File(index), cancellationToken), CliJsonContext.Default.CopiedObject)
                ?? throw new CliInputException($"The journal {Directory} is damaged; delete it and start again."));
        }

        return outcomes;
    }

    public void Delete() => _journal.Delete();

    private bool IsDone(int index) => _journal.Has(File(index));

    private static string File(int index) => index.ToString("D6", CultureInfo.InvariantCulture) + ".json";
}
