using System.Text.Json.Serialization;
using Coffer.Bench.Load;

namespace Coffer.Bench.Backup;

/// <summary>
/// The one-line JSON summary of a <c>backup</c> run. Blob sizes are means over the objects; comparisons are
/// Coffer (SecretClient or HttpClient) against the floor, ratios Coffer over floor.
/// </summary>
internal sealed record BackupSummary(
    int Clients,
    double Seconds,
    int Cpus,
    int Objects,
    int ValueBytes,
    int SecretBlobBytes,
    int KeyBlobBytes,
    IReadOnlyList<PhaseComparison> Comparisons,
    IReadOnlyList<GoalCheck> Goal,
    IReadOnlyList<StepCost> Steps,
    HistorySummary? History,
    int RestoreVaults,
    int ServerWarnings,
    int ServerErrors);

/// <summary>The goal for one backup phase: at least <see cref="BackupSettings.GoalOpsPerSecond"/> ops/s and <see cref="BackupSettings.GoalFloorShare"/> of the floor.</summary>
internal sealed record GoalCheck(string Phase, double OpsPerSec, double? FloorShare, bool OpsMet, bool ShareMet);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BackupSummary))]
internal sealed partial class BackupSummaryJsonContext : JsonSerializerContext;
