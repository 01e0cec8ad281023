namespace Coffer.Server.Audit.Sinks;

/// <summary>
/// Where audit entries also go besides the database, like Vault's audit devices. A <see cref="Required"/> sink that cannot
/// take an entry fails it as a failing audit store does: a write rolls back and a release (a backup, a signature) is
/// refused with 503, nothing handed out. A best-effort sink's failure is logged, and the request goes on.
/// </summary>
public abstract class AuditSinkOptions
{
    public bool Required { get; set; } = true;

    /// <summary>The option's value on the command line: <c>required</c> or <c>best-effort</c>.</summary>
    public static bool? ParseMode(string mode) => mode switch
    {
        "required" => true,
        "best-effort" => false,
        _ => null,
    };
}

/// <summary>JSON lines, one per entry, in files named by day and number (<c>audit-20261203-001.jsonl</c>): a new file each UTC day and whenever one would pass <see cref="MaxBytes"/>.</summary>
public sealed class AuditFileSinkOptions : AuditSinkOptions
{
    public required string Directory { get; set; }

    public long MaxBytes { get; set; } = 100L * 1024 * 1024;
}

/// <summary>Syslog (RFC 5424, facility log audit) to <c>udp://host:port</c> or <c>tcp://host:port</c> (octet-counted frames, RFC 6587).</summary>
public sealed class AuditSyslogSinkOptions : AuditSinkOptions
{
    public required Uri Address { get; set; }

    public static bool IsValidAddress(Uri address) =>
        address.Scheme is "udp" or "tcp" && address.Port is > 0 and <= 65535 && !string.IsNullOrEmpty(address.Host);
}
