using Coffer.Server.Audit.Sinks;
using Coffer.Server.Auth;
using Coffer.Server.Hosting;
using Coffer.Server.Observability;

namespace Coffer.Cli.Commands;

/// <summary>Every <c>coffer serve</c> setting (docs/operations.md, "Configure", lists them with their defaults).</summary>
internal static class ServeSettings
{
    private const long MiB = 1024 * 1024;

    public static IReadOnlyList<ServeSetting> All { get; } =
    [
        ServeSetting.Text("data-dir", "Data directory (root key, TLS files, and the SQLite database unless database is given).",
            (o, v) => o.DataDirectory = Path.GetFullPath(v)),
        ServeSetting.Text("database", "Connection string of a shared PostgreSQL database (default: SQLite in the data directory).", (o, v) => o.Database = v),
        ServeSetting.Number("port", "HTTPS port.", (o, v) => o.Port = v),
        ServeSetting.Text("bind", "IP address to listen on.", (o, v) => o.BindAddress = v),
        ServeSetting.Text("dns-suffix", "Vault hosts are {vault}.{suffix}.", (o, v) => o.DnsSuffix = v),
        ServeSetting.Text("authority-host", "Authority host clients get tokens from (default https://localhost:{port}).", (o, v) => o.AuthorityHost = v),
        ServeSetting.Text("default-vault", "Name of the vault created on first start.", (o, v) => o.DefaultVaultName = v),
        ServeSetting.Text("location", "Azure location of the default vault.", (o, v) => o.DefaultLocation = v),
        ServeSetting.List("external-issuer",
            "Also accept tokens of this OIDC issuer: 'metadata-url|audience[|tenant-id[|issuer]]' (repeatable). The metadata URL is the issuer's "
            + ".well-known/openid-configuration; tenant-id is the tenant of principals whose tokens carry no tid (default: the server's); issuer is "
            + "its tokens' iss ({tenantid} standing for their tid), needed only when it is not the metadata URL without /.well-known/openid-configuration.",
            ExternalIssuers),
        ServeSetting.Text("external-issuer-portal-client-id",
            "The portal's client id at the first external-issuer: the portal's sign-in page then offers signing in there; register "
            + "https://{host}:{port}/portal/signin-oidc as its redirect URI.", (o, v) => o.ExternalIssuerPortalClientId = v),
        ServeSetting.Text("external-issuer-portal-client-secret",
            "The portal's client secret at that issuer (better given as its environment variable); none for a public client.",
            (o, v) => o.ExternalIssuerPortalClientSecret = v),
        ServeSetting.Switch("no-audit", "Do not keep the audit log (writes then no longer fail closed on it).", (o, v) => o.Audit = !v),
        ServeSetting.Switch("azure-timing",
            "Keep deletes, recovers and self-signed certificate creates in progress for a few seconds, as Azure does (for code that relies on seeing those states).",
            (o, v) => o.AzureTiming = v),
        ServeSetting.Number("azure-timing-seconds", "With azure-timing: how many seconds those operations stay in progress (1-60).",
            (o, v) => o.AzureTimingSeconds = v),
        ServeSetting.Number("lifetime-actions-interval", "Seconds between looks for due key rotations and certificate renewals (one node at a time acts).",
            (o, v) => o.LifetimeActionsInterval = TimeSpan.FromSeconds(v)),
        ServeSetting.Switch("throttle", "Answer requests over a vault's limits with 429 and Retry-After, as Azure does.", (o, v) => o.Throttle = v),
        ServeSetting.Number("throttle-window", "Throttling window, in seconds.", (o, v) => o.ThrottleWindow = TimeSpan.FromSeconds(v)),
        ServeSetting.Number("throttle-rsa-key-creates", "RSA-2048 key creates per window and vault.", (o, v) => o.ThrottleRsaKeyCreates = v),
        ServeSetting.Number("throttle-key-creates", "Other key creates per window and vault.", (o, v) => o.ThrottleOtherKeyCreates = v),
        ServeSetting.Number("throttle-secret-sets", "Secret sets per window and vault.", (o, v) => o.ThrottleSecretSets = v),
        ServeSetting.Number("throttle-transactions", "Other transactions per window and vault.", (o, v) => o.ThrottleTransactions = v),
        ServeSetting.Number("key-cache-keys", "Key versions whose imported key objects are kept for crypto operations (0: import the key on every operation).",
            (o, v) => o.KeyCacheMaxKeys = v),
        ServeSetting.Number("key-cache-mb", "Most estimated memory of the kept key objects, in MiB.", (o, v) => o.KeyCacheMaxBytes = v * MiB),
        ServeSetting.Text("tls-cert", "Serve this PEM certificate (with tls-key) instead of one of the generated CA; reloaded on change or SIGHUP.",
            (o, v) => o.TlsCertificate = Path.GetFullPath(v)),
        ServeSetting.Text("tls-key", "The PEM private key of tls-cert.", (o, v) => o.TlsKey = Path.GetFullPath(v)),
        ServeSetting.Text("tls-pfx", "Serve this PKCS#12 certificate and key instead (reloaded on change or SIGHUP).", (o, v) => o.TlsPfx = Path.GetFullPath(v)),
        ServeSetting.Text("tls-pfx-password", "The password of tls-pfx (better given as its environment variable).", (o, v) => o.TlsPfxPassword = v),
        ServeSetting.Number("shutdown-timeout", "On SIGTERM, seconds requests under way may take to finish before the audit log is flushed and the server exits.",
            (o, v) => o.ShutdownTimeout = TimeSpan.FromSeconds(v)),
        ServeSetting.Choice<LogFormat>("log-format", "Log format on standard output: text or json (one line per entry either way).", (o, v) => o.LogFormat = v),
        ServeSetting.Switch("prometheus", "Serve metrics for Prometheus at /metrics (unauthenticated, on the server's port).", (o, v) => o.Prometheus = v),
        ServeSetting.Text("otlp-endpoint", "Export metrics and traces over OTLP (HTTP/protobuf) to this collector, e.g. http://collector:4318.",
            (o, v) => o.OtlpEndpoint = v),
        ServeSetting.Text("audit-file",
            "Also write every audit entry as a JSON line to files in this directory (audit-{yyyyMMdd}-{n}.jsonl: a new file each UTC day and at audit-file-max-mb).",
            (o, v) => FileSink(o).Directory = Path.GetFullPath(v)),
        ServeSetting.Number("audit-file-max-mb", "Size at which an audit file is closed and the next one begun, in MiB (default 100).",
            (o, v) => FileSink(o).MaxBytes = v * MiB),
        ServeSetting.Checked("audit-file-mode", SinkModeDescription("audit-file"), (o, v) => SinkMode(FileSink(o), "audit-file-mode", v)),
        ServeSetting.Checked("audit-syslog", "Also send every audit entry to syslog (RFC 5424, facility log audit) at udp://host:port or tcp://host:port.",
            (o, v) => Uri.TryCreate(v, UriKind.Absolute, out var address) ? SetSyslog(o, address) : $"audit-syslog '{v}' is not udp://host:port or tcp://host:port."),
        ServeSetting.Checked("audit-syslog-mode", SinkModeDescription("audit-syslog"), (o, v) => SinkMode(SyslogSink(o), "audit-syslog-mode", v)),
        ServeSetting.Number("audit-retention-days",
            "Keep audit entries this many days in the database: one node at a time archives older ones to audit-archive-dir and prunes them.",
            (o, v) => o.AuditRetentionDays = v),
        ServeSetting.Text("audit-archive-dir", "Where audit retention writes its archives (audit-{first}-{last}.jsonl, each verifiable offline).",
            (o, v) => o.AuditArchiveDirectory = Path.GetFullPath(v)),
    ];

    private static string SinkModeDescription(string sink) =>
        $"required (the default): a {sink} failure refuses writes and releases with 503, as a failing audit database does; best-effort: it is logged.";

    // A sink's settings may come in any order: the first of them creates its options, Validate finds one without its address.
    private static AuditFileSinkOptions FileSink(CofferOptions options) => options.AuditFile ??= new AuditFileSinkOptions { Directory = "" };

    private static AuditSyslogSinkOptions SyslogSink(CofferOptions options) =>
        options.AuditSyslog ??= new AuditSyslogSinkOptions { Address = new Uri("unset:") };

    private static string? SetSyslog(CofferOptions options, Uri address)
    {
        SyslogSink(options).Address = address;
        return null;
    }

    private static string? SinkMode(AuditSinkOptions sink, string name, string value)
    {
        if (AuditSinkOptions.ParseMode(value) is not { } required)
        {
            return $"{name} '{value}' is not required or best-effort.";
        }

        sink.Required = required;
        return null;
    }

    private static string? ExternalIssuers(CofferOptions options, IReadOnlyList<string> values)
    {
        var bad = values.Where(v => ExternalIssuerOptions.TryParse(v) is null).ToList();
        if (bad.Count > 0)
        {
            return string.Join(Environment.NewLine, bad.Select(v => $"external-issuer '{v}' is not 'metadata-url|audience[|tenant-id[|issuer]]'."));
        }

        options.ExternalIssuers.Clear();
        foreach (var value in values)
        {
            options.ExternalIssuers.Add(ExternalIssuerOptions.TryParse(value)!);
        }

        return null;
    }
}
