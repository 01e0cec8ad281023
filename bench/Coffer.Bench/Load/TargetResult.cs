namespace Coffer.Bench.Load;

/// <summary>The phases one target went through, and what its server logged meanwhile.</summary>
internal sealed record TargetResult(string Name, PhaseResult WarmUp, PhaseResult Set, PhaseResult Get, ServerLogTally ServerLog);
