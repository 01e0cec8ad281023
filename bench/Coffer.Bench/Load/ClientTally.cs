namespace Coffer.Bench.Load;

/// <summary>What one client saw during a phase; touched only by that client's loop.</summary>
internal sealed class ClientTally(int client)
{
    private const int MaxSamplesPerKind = 3;

    public int Client { get; } = client;

    public List<double> LatenciesMs { get; } = [];

    /// <summary>Sequence numbers of the operations that succeeded (for a set phase: the names that exist).</summary>
    public List<int> SucceededSeqs { get; } = [];

    /// <summary>Successes per whole second since the phase started.</summary>
    public List<int> PerSecond { get; } = [];

    public Dictionary<string, int> Errors { get; } = [];

    public Dictionary<string, List<string>> ErrorSamples { get; } = [];

    public void Succeeded(int seq, double latencyMs, int second)
    {
        LatenciesMs.Add(latencyMs);
        SucceededSeqs.Add(seq);
        while (PerSecond.Count <= second)
        {
            PerSecond.Add(0);
        }

        PerSecond[second]++;
    }

    public void Failed(string kind, string message)
    {
        Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
        if (!ErrorSamples.TryGetValue(kind, out var samples))
        {
            ErrorSamples[kind] = samples = [];
        }

        if (samples.Count < MaxSamplesPerKind)
        {
            samples.Add(message);
        }
    }
}
