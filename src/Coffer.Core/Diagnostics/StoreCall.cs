using System.Diagnostics;

namespace Coffer.Core.Diagnostics;

/// <summary>One store call being timed and traced (<see cref="CofferMetrics.StoreCall"/>).</summary>
public readonly struct StoreCall : IDisposable
{
    private readonly string _database;
    private readonly string _kind;
    private readonly Activity? _activity;
    private readonly long _started;

    internal StoreCall(string database, string kind, Activity? activity)
    {
        _database = database;
        _kind = kind;
        _activity = activity;
        _activity?.SetTag("db.system.name", database);
        _started = Stopwatch.GetTimestamp();
    }

    public void Dispose()
    {
        CofferMetrics.StoreCallEnded(_database, _kind, Stopwatch.GetElapsedTime(_started));
        _activity?.Dispose();
    }
}
