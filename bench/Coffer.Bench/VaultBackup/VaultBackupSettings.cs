namespace Coffer.Bench.VaultBackup;

/// <summary>One run of the <c>vault-backup</c> command, as given on the command line.</summary>
internal sealed record VaultBackupSettings(int Objects, int Versions, int ValueBytes, int Parallelism, int Runs, string CofferDll, string? JsonPath)
{
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Objects is < 1000 or > 1_000_000)
        {
            problems.Add($"--objects {Objects} must be 1000-1000000.");
        }

        if (Versions is < 1 or > 100)
        {
            problems.Add($"--versions {Versions} must be 1-100.");
        }

        if (ValueBytes is < 1 or > 25 * 1024)
        {
            problems.Add($"--value-bytes {ValueBytes} must be 1-25600.");
        }

        if (Parallelism is < 1 or > 256)
        {
            problems.Add($"--parallelism {Parallelism} must be 1-256.");
        }

        if (Runs is < 1 or > 10)
        {
            problems.Add($"--runs {Runs} must be 1-10.");
        }

        if (!File.Exists(CofferDll))
        {
            problems.Add($"{CofferDll} does not exist: build src/Coffer in this configuration, or pass --coffer.");
        }

        return problems;
    }
}
