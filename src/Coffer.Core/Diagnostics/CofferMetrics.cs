using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coffer.Core.Diagnostics;

/// <summary>
/// Every instrument Coffer records, in one place (names are listed in docs/operations.md, "Monitor"), and the activity
/// source of its store spans. Tags carry operation names, kinds, statuses and the database kind — never a vault's
/// content, an object name, a caller or a value. Instruments cost nothing until a listener (the OpenTelemetry SDK, when
/// <c>--prometheus</c> or <c>--otlp-endpoint</c> is given) subscribes.
/// </summary>
public static class CofferMetrics
{
    public const string MeterName = "Coffer";
    public const string ActivitySourceName = "Coffer";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<object, Func<int>> AuditQueues = new();

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "coffer.request.duration", "s", "Requests answered, by operation (the audit log's names) and status: rate, latency and errors.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> RequestErrors = Meter.CreateCounter<long>(
        "coffer.request.errors", "{request}", "Requests answered with a 4xx or 5xx status, by operation and status.");

    private static readonly Counter<long> BackupBlobs = Meter.CreateCounter<long>(
        "coffer.backup.blobs", "{blob}", "Backup blobs made (backup) and restored (restore), by object kind.");

    private static readonly Counter<long> BackupBlobBytes = Meter.CreateCounter<long>(
        "coffer.backup.blob.size", "By", "Bytes of the backup blobs made and restored, by object kind.");

    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "coffer.requests.throttled", "{request}", "Requests refused with 429 for a vault's limits (--throttle), by request type.");

    private static readonly Histogram<double> AuditCommitDuration = Meter.CreateHistogram<double>(
        "coffer.audit.commit.duration", "s", "Time to append and commit one batch of audit entries.");

    private static readonly Histogram<double> StoreDuration = Meter.CreateHistogram<double>(
        "coffer.store.duration", "s", "Store calls (one transaction or read each), by database and kind of call.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });

    static CofferMetrics() =>
        Meter.CreateObservableGauge("coffer.audit.queue.depth", () => AuditQueues.Values.Sum(depth => depth()), "{entry}",
            "Audit entries queued on this node, waiting for their batch.");

    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    public static void RequestCompleted(string operation, string method, int status, TimeSpan duration)
    {
        var tags = new TagList { { "coffer.operation", operation }, { "http.request.method", method }, { "http.response.status_code", status } };
        RequestDuration.Record(duration.TotalSeconds, tags);
        if (status >= 400)
        {
            RequestErrors.Add(1, tags);
        }
    }

    public static void BackupMade(string kind, int bytes) => Blob("backup", kind, bytes);

    public static void BackupRestored(string kind, int bytes) => Blob("restore", kind, bytes);

    public static void RequestThrottled(string requestType) => Throttled.Add(1, new KeyValuePair<string, object?>("coffer.request_type", requestType));

    public static void AuditCommitted(TimeSpan duration, bool succeeded) =>
        AuditCommitDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("coffer.outcome", succeeded ? "stored" : "failed"));

    /// <summary>Counts <paramref name="depth"/> into the audit queue gauge until the returned handle is disposed.</summary>
    public static IDisposable ObserveAuditQueue(Func<int> depth)
    {
        var handle = new Registration();
        AuditQueues[handle] = depth;
        return handle;
    }

    /// <summary>Times one store call and traces it as a span; dispose when the call ends.</summary>
    public static StoreCall StoreCall(string database, string kind) => new(database, kind, ActivitySource.StartActivity("coffer.store." + kind));

    internal static void StoreCallEnded(string database, string kind, TimeSpan duration) =>
        StoreDuration.Record(duration.TotalSeconds, new TagList { { "db.system.name", database }, { "coffer.store.call", kind } });

    private static void Blob(string direction, string kind, int bytes)
    {
        var tags = new TagList { { "coffer.direction", direction }, { "coffer.object_kind", kind } };
        BackupBlobs.Add(1, tags);
        BackupBlobBytes.Add(bytes, tags);
    }

    private sealed class Registration : IDisposable
    {
        public void Dispose() => AuditQueues.TryRemove(this, out _);
    }
}
