using Coffer.Core.Audit;

namespace Coffer.Server.Audit.Sinks;

/// <summary>
/// This node's audit sinks, written with every group of entries after they are sealed and before they commit
/// (<see cref="Core.Storage.GroupCommit{TTransaction}"/>): a required one that fails fails the group, a best-effort one
/// is logged. A line may therefore name an entry whose group then failed to commit (its request was answered 503):
/// the database is the record, the sinks a copy that misses nothing that was committed.
/// </summary>
internal sealed class AuditSinks(IReadOnlyList<(IAuditDevice Device, bool Required)> devices, ILogger<AuditSinks> logger) : IAuditSink, IAsyncDisposable
{
    /// <summary>The sinks <paramref name="options"/> configure (none, a file, syslog, or both).</summary>
    public static AuditSinks Create(Hosting.CofferOptions options, TimeProvider time, ILogger<AuditSinks> logger)
    {
        var devices = new List<(IAuditDevice, bool)>();
        if (options.AuditFile is { } file)
        {
            devices.Add((new AuditFileDevice(file, time), file.Required));
        }

        if (options.AuditSyslog is { } syslog)
        {
            devices.Add((new AuditSyslogDevice(syslog), syslog.Required));
        }

        return new AuditSinks(devices, logger);
    }

    /// <summary>This as the sink entries go to, or null when no sink is configured.</summary>
    public IAuditSink? Configured => devices.Count > 0 ? this : null;

    public async Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        foreach (var (device, required) in devices)
        {
            try
            {
                await device.WriteAsync(records, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or OperationCanceledException or ObjectDisposedException)
            {
                if (required)
                {
                    logger.LogError(e, "The required audit sink {Sink} could not take {Count} entries: they are not stored, and their requests are refused.", device.Name, records.Count);
                    throw new AuditSinkFailedException(device.Name, e);
                }

                logger.LogWarning(e, "The best-effort audit sink {Sink} missed {Count} entries.", device.Name, records.Count);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (device, _) in devices)
        {
            await device.DisposeAsync();
        }
    }
}
