using System.Net;

namespace Coffer.Server.Hosting;

/// <summary>How <c>coffer serve</c> runs. Bound once from the command line, validated before anything starts.</summary>
public sealed class CofferOptions
{
    public const string DefaultDnsSuffix = "vault.localhost";

    /// <summary>Where the root key, the TLS files and (without <see cref="Database"/>) the SQLite database live.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".coffer");

    /// <summary>
    /// The connection string of a shared PostgreSQL database (<c>--database</c>, <c>COFFER_DATABASE</c>), for several
    /// nodes; null for the embedded SQLite database in <see cref="DataDirectory"/>.
    /// </summary>
    public string? Database { get; set; }

    public int Port { get; set; } = 8443;

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Vault hosts are <c>{vault}.{DnsSuffix}</c>; tokens are issued for <c>https://{DnsSuffix}</c>, with or without a port (<c>VaultResource</c>).</summary>
    public string DnsSuffix { get; set; } = DefaultDnsSuffix;

    /// <summary>The authority host clients request tokens from; by default <c>https://localhost:{Port}</c>.</summary>
    public string? AuthorityHost { get; set; }

    /// <summary>The root key as base64, instead of the <c>root.key</c> file (for containers and secret managers).</summary>
    public string? RootKey { get; set; }

    public string DefaultVaultName { get; set; } = "coffer";

    public string DefaultLocation { get; set; } = "eastus";

    public int DefaultRetentionDays { get; set; } = 90;

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request headers accepted (names and values), in bytes; Kestrel's default, answered 431 with Key Vault's error body.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>Largest restore body: a blob holds every version, and Coffer has no 500-version limit.</summary>
    public long MaxRestoreBodyBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Largest whole-vault archive <c>POST /_coffer/restore</c> takes; it is spooled to a file in <see cref="SpoolDirectory"/>, not held in memory.</summary>
    public long MaxRestoreArchiveBytes { get; set; } = 16L * 1024 * 1024 * 1024;

    /// <summary>RSA-2048 keys generated ahead so creates don't wait ~200 ms of CPU; 0 disables the pool.</summary>
    public int RsaKeyPoolSize { get; set; } = 4;

    /// <summary>
    /// Most key versions whose imported key objects are kept for crypto operations (least recently used go first);
    /// 0 imports the key on every operation.
    /// </summary>
    public int KeyCacheMaxKeys { get; set; } = Core.Keys.KeyObjectCacheLimits.DefaultMaxKeys;

    /// <summary>Most estimated memory, in bytes, of the cached key objects and their material.</summary>
    public long KeyCacheMaxBytes { get; set; } = Core.Keys.KeyObjectCacheLimits.DefaultMaxBytes;

    /// <summary>How often soft-deleted objects past their scheduled purge date are purged.</summary>
    public TimeSpan PurgeSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each node looks for due work (scheduled backups, expiry events) it can claim.</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often one node looks for due key rotations and certificate renewals (<c>lifetime-actions-interval</c>).</summary>
    public TimeSpan LifetimeActionsInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest lifetime-actions interval: a job's timer (<c>PeriodicTimer</c>) takes no period past ~49 days.</summary>
    public static readonly TimeSpan MaxLifetimeActionsInterval = TimeSpan.FromDays(30);

    /// <summary>How long a claim on due work holds: a node that dies mid-run leaves the work to another node after this.</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often each node looks for event deliveries that are due (new, or retries whose back-off has passed).</summary>
    public TimeSpan EventDeliveryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one delivery attempt waits for the endpoint's answer before it counts as failed and is retried.</summary>
    public TimeSpan EventAttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Record every data-plane and management request in the hash-chained audit log; writes fail closed without it.</summary>
    public bool Audit { get; set; } = true;

    /// <summary>A JSON-lines file sink for audit entries (<c>--audit-file</c>), besides the database; null for none.</summary>
    public Coffer.Server.Audit.Sinks.AuditFileSinkOptions? AuditFile { get; set; }

    /// <summary>A syslog sink for audit entries (<c>--audit-syslog</c>), besides the database; null for none.</summary>
    public Coffer.Server.Audit.Sinks.AuditSyslogSinkOptions? AuditSyslog { get; set; }

    /// <summary>Days audit entries stay in the database (<c>--audit-retention-days</c>): older ones are archived to <see cref="AuditArchiveDirectory"/> and pruned; null keeps them all.</summary>
    public int? AuditRetentionDays { get; set; }

    /// <summary>Where the retention job writes its archives, named by sequence range.</summary>
    public string? AuditArchiveDirectory { get; set; }

    /// <summary>How often the retention job runs (one node at a time).</summary>
    public TimeSpan AuditRetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>OIDC issuers whose tokens are accepted besides the built-in one (<c>--external-issuer</c>).</summary>
    public IList<Auth.ExternalIssuerOptions> ExternalIssuers { get; init; } = [];

    /// <summary>
    /// The portal's client id at the first of <see cref="ExternalIssuers"/> (<c>--external-issuer-portal-client-id</c>):
    /// when set, the sign-in page offers "Sign in with" that issuer (OpenID Connect code flow with PKCE).
    /// </summary>
    public string? ExternalIssuerPortalClientId { get; set; }

    /// <summary>The portal's client secret there (<c>--external-issuer-portal-client-secret</c>); none for a public client.</summary>
    public string? ExternalIssuerPortalClientSecret { get; set; }

    /// <summary>
    /// Keep deletes, recovers and self-signed certificate creates in progress for <see cref="AzureTimingSeconds"/>, as Azure keeps
    /// them for a few seconds (<c>--azure-timing</c>); off, the default, completes them at once.
    /// </summary>
    public bool AzureTiming { get; set; }

    /// <summary>How many seconds operations stay in progress with <see cref="AzureTiming"/> (1-60).</summary>
    public int AzureTimingSeconds { get; set; } = 3;

    /// <summary>How long deletes, recovers and self-signed certificate creates stay in progress: zero unless <see cref="AzureTiming"/>.</summary>
    public TimeSpan OperationDelay => AzureTiming ? TimeSpan.FromSeconds(AzureTimingSeconds) : TimeSpan.Zero;

    /// <summary>Answer requests over a vault's per-window limits with 429 and Retry-After, as Azure does. Off by default.</summary>
    public bool Throttle { get; set; }

    /// <summary>The throttling window; Azure's limits are per 10 seconds.</summary>
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>RSA-2048 software key creates per window and vault (Azure: 20).</summary>
    public int ThrottleRsaKeyCreates { get; set; } = 20;

    /// <summary>Other key creates (larger RSA, EC, HSM) per window and vault (Azure: 10 for HSM keys; we use it for every other create).</summary>
    public int ThrottleOtherKeyCreates { get; set; } = 10;

    /// <summary>Secret sets per window and vault (Azure: 300).</summary>
    public int ThrottleSecretSets { get; set; } = 300;

    /// <summary>Every other transaction per window and vault (Azure: 4 000).</summary>
    public int ThrottleTransactions { get; set; } = 4000;

    /// <summary>The server certificate's PEM file (with <see cref="TlsKey"/>), in place of the generated CA's (<c>--tls-cert</c>).</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The private key's PEM file of <see cref="TlsCertificate"/> (<c>--tls-key</c>).</summary>
    public string? TlsKey { get; set; }

    /// <summary>The server certificate and key as one PKCS#12 file (<c>--tls-pfx</c>), in place of the generated CA's.</summary>
    public string? TlsPfx { get; set; }

    public string? TlsPfxPassword { get; set; }

    /// <summary>The files of the operator's certificate; none when the generated CA issues it.</summary>
    public IReadOnlyList<string> TlsFiles => TlsPfx is not null ? [TlsPfx] : TlsCertificate is not null && TlsKey is not null ? [TlsCertificate, TlsKey] : [];

    /// <summary>
    /// On SIGTERM or Ctrl+C, how long requests under way may take to finish once no new ones are accepted; then the audit
    /// log is flushed and the process exits (<c>--shutdown-timeout</c>, seconds).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How the log is written to standard output (<c>--log-format</c>).</summary>
    public Observability.LogFormat LogFormat { get; set; } = Observability.LogFormat.Text;

    /// <summary>Serve the metrics for Prometheus at <c>/metrics</c>, unauthenticated, on the server's port (<c>--prometheus</c>).</summary>
    public bool Prometheus { get; set; }

    /// <summary>Export metrics and traces over OTLP (HTTP/protobuf) to this collector base address (<c>--otlp-endpoint</c>).</summary>
    public string? OtlpEndpoint { get; set; }

    public string Authority => (AuthorityHost ?? $"https://localhost:{Port}").TrimEnd('/');

    public string Resource => $"https://{DnsSuffix}";

    /// <summary>
    /// The audience of Resource Manager tokens (<c>az</c>'s <c>activeDirectoryResourceId</c>), as Azure's
    /// <c>https://management.core.windows.net/</c>: a vault token is not a management token, nor the reverse.
    /// </summary>
    public string ManagementResource => $"https://management.{DnsSuffix}";

    /// <summary>
    /// The audience of directory (Microsoft Graph) tokens: Coffer's own URL, because <c>az</c> takes its
    /// <c>microsoftGraphResourceId</c> both as the scope to ask for and as the URL to call.
    /// </summary>
    public string GraphResource => Authority;

    public string DatabasePath => Path.Combine(DataDirectory, "coffer.db");

    public string RootKeyPath => Path.Combine(DataDirectory, "root.key");

    public string TlsDirectory => Path.Combine(DataDirectory, "tls");

    public string CaCertificatePath => Path.Combine(TlsDirectory, "ca.pem");

    /// <summary>Whole-vault restores spool their archive here (owner-only); emptied at every start.</summary>
    public string SpoolDirectory => Path.Combine(DataDirectory, "spool");

    /// <summary>Every problem at once, so one failed start lists them all.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add("--data-dir must name a directory.");
        }

        if (Database is not null && !IsConnectionString(Database))
        {
            problems.Add("--database must be a connection string such as 'Host=db.internal;Database=coffer;Username=coffer;Password=...'.");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"--port {Port} is not a TCP port (1-65535).");
        }

        if (!IPAddress.TryParse(BindAddress, out _) && BindAddress != "localhost")
        {
            problems.Add($"--bind '{BindAddress}' is not an IP address.");
        }

        if (Uri.CheckHostName(DnsSuffix) != UriHostNameType.Dns || DnsSuffix.StartsWith('.') || !DnsSuffix.Contains('.', StringComparison.Ordinal))
        {
            problems.Add($"--dns-suffix '{DnsSuffix}' must be a DNS name of at least two labels, such as vault.localhost.");
        }

        if (AuthorityHost is not null && (!Uri.TryCreate(AuthorityHost, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"--authority-host '{AuthorityHost}' must be an absolute https URL.");
        }

        if (!Core.Vaults.VaultNames.IsValid(DefaultVaultName))
        {
            problems.Add($"--default-vault '{DefaultVaultName}' is not a valid vault name.");
        }

        if (!Core.Vaults.Geographies.IsKnown(DefaultLocation))
        {
            problems.Add($"--location '{DefaultLocation}' is not a known Azure location.");
        }

        if (DefaultRetentionDays is < Core.Vaults.Vault.MinRetentionDays or > Core.Vaults.Vault.MaxRetentionDays)
        {
            problems.Add($"--retention-days {DefaultRetentionDays} must be 7-90.");
        }

        if (LifetimeActionsInterval < TimeSpan.FromSeconds(1) || LifetimeActionsInterval > MaxLifetimeActionsInterval)
        {
            problems.Add($"--lifetime-actions-interval must be 1-{MaxLifetimeActionsInterval.TotalSeconds} seconds (30 days), not {LifetimeActionsInterval.TotalSeconds}.");
        }

        if (KeyCacheMaxKeys < 0 || KeyCacheMaxBytes < 0)
        {
            problems.Add("--key-cache-keys and --key-cache-mb must be 0 or more.");
        }

        if (AuditFile is { } fileSink && (string.IsNullOrWhiteSpace(fileSink.Directory) || fileSink.MaxBytes < 1024))
        {
            problems.Add("--audit-file must name a directory (audit-file-max-mb and audit-file-mode need it) and --audit-file-max-mb must be 1 or more.");
        }

        if (AuditSyslog is { } syslog && !Coffer.Server.Audit.Sinks.AuditSyslogSinkOptions.IsValidAddress(syslog.Address))
        {
            problems.Add($"--audit-syslog must be udp://host:port or tcp://host:port (audit-syslog-mode needs it), not {syslog.Address}.");
        }

        if ((AuditRetentionDays is null) != (AuditArchiveDirectory is null) || AuditRetentionDays < 1 || AuditRetentionInterval <= TimeSpan.Zero)
        {
            problems.Add("--audit-retention-days (1 or more) and --audit-archive-dir go together: entries are pruned only once archived.");
        }

        foreach (var issuer in ExternalIssuers)
        {
            if (!Auth.ExternalIssuerOptions.IsAcceptable(issuer.MetadataAddress))
            {
                problems.Add($"--external-issuer metadata {issuer.MetadataAddress} must be https (plain http only to a loopback address).");
            }

            if (issuer.Issuer is null)
            {
                problems.Add($"--external-issuer metadata {issuer.MetadataAddress} does not end in /.well-known/openid-configuration: give its tokens' iss as the fourth field.");
            }
        }

        if (ExternalIssuerPortalClientId is not null && ExternalIssuers.Count == 0)
        {
            problems.Add("--external-issuer-portal-client-id needs an --external-issuer: the portal signs in through the first one.");
        }

        if (ExternalIssuerPortalClientSecret is not null && ExternalIssuerPortalClientId is null)
        {
            problems.Add("--external-issuer-portal-client-secret needs --external-issuer-portal-client-id.");
        }

        if (AzureTimingSeconds is < 1 or > 60)
        {
            problems.Add($"--azure-timing-seconds {AzureTimingSeconds} must be 1-60.");
        }

        if ((TlsCertificate is null) != (TlsKey is null))
        {
            problems.Add("--tls-cert and --tls-key go together: give both, or --tls-pfx.");
        }

        if (TlsPfx is not null && (TlsCertificate is not null || TlsKey is not null))
        {
            problems.Add("--tls-pfx replaces --tls-cert and --tls-key: give one or the other.");
        }

        foreach (var file in new[] { TlsCertificate, TlsKey, TlsPfx }.OfType<string>().Where(f => !File.Exists(f)))
        {
            problems.Add($"TLS file '{file}' does not exist.");
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            problems.Add("--shutdown-timeout must not be negative.");
        }

        if (OtlpEndpoint is not null && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"--otlp-endpoint '{OtlpEndpoint}' must be an absolute http or https URL, such as http://collector:4318.");
        }

        if (ThrottleWindow <= TimeSpan.Zero || ThrottleRsaKeyCreates < 1 || ThrottleOtherKeyCreates < 1 || ThrottleSecretSets < 1 || ThrottleTransactions < 1)
        {
            problems.Add("--throttle-window and every --throttle-* limit must be positive.");
        }

        return problems;
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            return new System.Data.Common.DbConnectionStringBuilder { ConnectionString = value }.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
