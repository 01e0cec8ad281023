using System.Text.Json.Serialization;
using Coffer.Bench.Load;

namespace Coffer.Bench.Keys;

/// <summary>The one-line JSON summary of a <c>keys</c> run.</summary>
internal sealed record KeysSummary(
    int Clients,
    double SignSeconds,
    int Cpus,
    IReadOnlyList<PhaseComparison> Sign,
    IReadOnlyList<StepCost> SignSteps,
    int PoolSize,
    CreateSeries? Sequential,
    CreateSeries? Concurrent,
    IReadOnlyList<StepCost> RsaGeneration,
    int ServerWarnings,
    int ServerErrors);

/// <summary>
/// RSA-2048 creates on the pooled and the unpooled server. Speedup: pooled ops/s over unpooled;
/// PooledFirstMs: median latency of the first pool-size creates (each then finds a full pool).
/// </summary>
internal sealed record CreateSeries(PhaseSummary Pooled, PhaseSummary Unpooled, double? Speedup, double? PooledFirstMs, double? UnpooledFirstMs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KeysSummary))]
internal sealed partial class KeysSummaryJsonContext : JsonSerializerContext;
