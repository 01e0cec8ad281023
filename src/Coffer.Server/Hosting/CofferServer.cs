using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Backup;
using Coffer.Core.Backup.Archive;
using Coffer.Core.Backup.Reseal;
using Coffer.Core.Backup.SecurityDomain;
using Coffer.Core.Certificates;
using Coffer.Core.Crypto;
using Coffer.Core.Keys;
using Coffer.Core.Management;
using Coffer.Core.Secrets;
using Coffer.Core.Storage;
using Coffer.Server.Audit;
using Coffer.Server.Audit.Sinks;
using Coffer.Server.Auth;
using Coffer.Server.Authorization;
using Coffer.Server.Backup;
using Coffer.Server.Certificates;
using Coffer.Server.Errors;
using Coffer.Server.Events;
using Coffer.Server.Health;
using Coffer.Server.Keys;
using Coffer.Server.Observability;
using Coffer.Server.Portal;
using Coffer.Server.ResourceManager;
using Coffer.Server.Secrets;
using Coffer.Server.SecurityDomain;
using Coffer.Server.Throttling;
using Coffer.Server.Tls;
using Coffer.Server.Vaults;

namespace Coffer.Server.Hosting;

/// <summary>
/// Builds the Coffer web application: opens the data directory (root key, CA), the storage (database, keyring),
/// bootstraps the default tenant, vault and client, and wires the request path of ARCHITECTURE.md.
/// </summary>
public static class CofferServer
{
    /// <param name="addStorage">Registers the storage provider: <c>AddCofferSqlite</c> or <c>AddCofferPostgres</c>.</param>
    /// <param name="configure">Lets tests swap the server (e.g. for TestServer) or add services.</param>
    /// <param name="time">The one clock everything reads (tokens, object dates, purges, schedules); tests pass a fake one to move time.</param>
    public static async Task<CofferApplication> CreateAsync(
        CofferOptions options,
        Action<IServiceCollection> addStorage,
        Action<WebApplicationBuilder>? configure = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid options:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        time ??= TimeProvider.System;
        Directory.CreateDirectory(options.DataDirectory);
        var rootKey = RootKeySource.Load(options);

        // No reload-on-change: the content root is the data directory, whose database and WAL change on every
        // write, and watching it cost ~4 % of the server's CPU under load (perf: the ".NET File Watch" thread).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = options.DataDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        var services = builder.Services;
        addStorage(services);
        var storage = await services.OpenCofferStorageAsync(cancellationToken);
        var keyring = await Keyring.LoadAsync(storage.Keyring, rootKey, time, cancellationToken);
        var sealer = new EnvelopeSealer(keyring);
        var deployment = await new DeploymentBootstrapper(options, storage.Settings, storage.Vaults, storage.Clients, sealer, time).EnsureAsync(cancellationToken);
        var signingKey = await SigningKeyStore.LoadOrCreateAsync(storage.Settings, sealer, cancellationToken);
        var authority = await CertificateAuthority.LoadOrCreateSharedAsync(options.TlsDirectory, storage.Settings, sealer, time, cancellationToken);
        var spool = RestoreSpool.Open(options.SpoolDirectory);
        var userCertificate = UserCertificate.Load(options);

        builder.Logging.AddCofferLogging(options.LogFormat);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestHeaderLimitMiddleware.KestrelCeilingBytes;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = RequestHeaderLimitMiddleware.KestrelCeilingBytes;
            var address = options.BindAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.BindAddress);
            var certificate = userCertificate is null ? authority.ServerCertificate(options.TlsDirectory, options.DnsSuffix, address, time) : null;
            kestrel.Listen(address, options.Port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ServerCertificateSelector = (_, _) => userCertificate?.Current ?? certificate,
            }));
        });

        services.AddSingleton(options);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        services.AddSingleton(time);
        services.AddSingleton(deployment);
        services.AddSingleton(authority);
        services.AddSingleton(keyring);
        services.AddSingleton(rootKey);
        services.AddHostedService<KeyringRefresh>();
        services.AddSingleton(sealer);
        services.AddSingleton(new TokenIssuer(signingKey, options, time));
        services.AddSingleton(new VaultResource(options.DnsSuffix));
        services.AddSingleton<ExternalIssuers>();
        services.AddSingleton<TokenValidator>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddSingleton<BearerChallenge>();
        services.AddSingleton<VaultResolver>();
        services.AddSingleton<VaultAccessCache>();
        services.AddSingleton<IDataPlaneAuthorizer, VaultAccessAuthorizer>();
        services.AddSingleton(new ManagementDefaults(deployment.TenantId, deployment.SubscriptionId, options.DefaultLocation, options.DefaultRetentionDays,
            deployment.DefaultVaultName, deployment.DefaultClientId, options.Authority));
        services.AddSingleton<IVaultChangeObserver, VaultCacheInvalidation>();
        services.AddHostedService<VaultChangeListener>();
        services.AddSingleton<VaultManagement>();
        services.AddSingleton<VaultAccessManagement>();
        services.AddSingleton<ClientManagement>();
        services.AddSingleton<UserManagement>();
        services.AddSingleton<SubscriptionDirectory>();
        services.AddSingleton(new OperationTiming(options.OperationDelay));
        services.AddSingleton<ObjectLifecycle>();
        services.AddSingleton<ObjectCatalog>();
        services.AddSingleton<SecretService>();
        services.AddSingleton(new RsaKeyPool(options.RsaKeyPoolSize > 0 ? new Dictionary<int, int> { [2048] = options.RsaKeyPoolSize } : []));
        services.AddSingleton<KeyGenerator>();
        services.AddSingleton(_ => new KeyObjectCache(new KeyObjectCacheLimits(options.KeyCacheMaxKeys, options.KeyCacheMaxBytes))); // disposed with the app
        services.AddSingleton<KeyService>();
        services.AddSingleton<CertificateFactory>();
        services.AddSingleton<CertificateService>();
        services.AddSingleton<CertificateIssuerService>();
        services.AddSingleton<BackupProtectionKeyring>();
        services.AddSingleton<BackupService>();
        services.AddSingleton<BackupInspector>();
        services.AddSingleton<VaultSnapshotService>();
        services.AddSingleton<VaultRestoreService>();
        services.AddSingleton<BackupResealService>();
        services.AddSingleton<SecurityDomainService>();
        services.AddSingleton(spool);
        services.AddHostedService<DeletedObjectSweeper>();
        services.AddHostedService<RecoveryLander>();
        services.AddSingleton<VaultBackupSchedules>();
        services.AddSingleton<ScheduledBackupRunner>();
        services.AddHostedService<ScheduledBackups>();
        services.AddSingleton<VaultEventSubscriptions>();
        services.AddHttpClient(EventDeliverer.HttpClientName);
        services.AddSingleton<EventDeliverer>();
        services.AddHostedService<EventDeliveries>();
        services.AddHostedService<ExpiryScan>();
        services.AddSingleton<Lifetime.LifetimeActionRunner>();
        services.AddHostedService<Lifetime.LifetimeActions>();
        services.AddSingleton(new AuditChain(keyring.AuditChainKey));
        services.AddSingleton<AuditOperations>();
        services.AddSingleton<AuditEntries>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton(provider => AuditSinks.Create(options, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<AuditSinks>>()));
        services.AddSingleton<VaultRateLimiter>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditLog>());
        if (options.AuditRetentionDays is not null)
        {
            services.AddHostedService<AuditRetentionJob>();
        }

        AddPortal(services, storage.Settings, sealer);
        services.AddCofferHealthChecks();
        services.AddCofferTelemetry(options);
        configure?.Invoke(builder);

        if (userCertificate is not null)
        {
            services.AddSingleton(userCertificate); // disposed with the app: stops watching
        }

        var app = builder.Build();
        userCertificate?.UseLogger(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Coffer.Tls"));
        if (spool.RemovedAtStart > 0)
        {
            app.Logger.LogWarning("Removed {Count} whole-vault restore spool file(s) from {Directory}, left by a process that stopped mid-restore.",
                spool.RemovedAtStart, spool.Directory);
        }

        var uncovered = (await app.Services.GetRequiredService<SecurityDomainService>().StatusAsync(cancellationToken)).Uncovered;
        if (uncovered.Count > 0)
        {
            app.Logger.LogWarning(
                "{Count} backup protection key(s) are in no downloaded security domain ({Keys}): if this deployment is lost, backups made under them cannot be restored. Download one: coffer security-domain download.",
                uncovered.Count, string.Join(", ", uncovered.Select(k => $"{k.Id} for {k.SubscriptionId}/{k.Geography}")));
        }

        app.UseMiddleware<PathNormalizationMiddleware>();
        app.UseRouting();
        app.UseMiddleware<Auditor>();
        app.UseMiddleware<PortalSecurityHeadersMiddleware>();
        app.UseMiddleware<RequestTelemetry>();
        app.UseMiddleware<ErrorMappingMiddleware>();
        app.UseMiddleware<RequestHeaderLimitMiddleware>();
        app.UseMiddleware<DataPlaneMiddleware>();
        app.UseMiddleware<AdminMiddleware>();
        app.UseMiddleware<ResourceManagerMiddleware>();
        app.UseMiddleware<PortalMiddleware>();
        if (options.Throttle)
        {
            app.UseMiddleware<ThrottlingMiddleware>();
        }

        app.MapCofferHealth();
        app.MapCofferTelemetry(options);
        app.MapIdentity();
        app.MapAuthorize();
        app.MapPortalSignIn();
        app.MapPortalVaults(options);
        app.MapPortalObjects(options);
        app.MapVaults();
        app.MapBackupSchedules();
        app.MapEventSubscriptions();
        app.MapVaultAccess();
        app.MapClients();
        app.MapUsers();
        app.MapSubscriptions();
        app.MapVaultResources();
        app.MapDirectory();
        app.MapSecrets();
        app.MapKeys();
        app.MapKeyCrypto();
        app.MapCertificateIssuers();
        app.MapCertificates();
        app.MapBackup(options);
        app.MapBackupInspect(options);
        app.MapVaultArchives(options);
        app.MapBackupReseal(options);
        app.MapSecurityDomain();
        return new CofferApplication(app, deployment, authority, options);
    }

    /// <summary>The portal and the authority's sign-in: static server-rendered components, antiforgery, and a Data Protection key ring every node shares.</summary>
    private static void AddPortal(IServiceCollection services, ISettingStore settings, EnvelopeSealer sealer)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "__Host-coffer-antiforgery";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            antiforgery.FormFieldName = "__antiforgery";
        });
        services.AddDataProtection().SetApplicationName("coffer");
        services.AddOptions<KeyManagementOptions>().Configure(keys =>
        {
            keys.XmlRepository = new SettingsXmlRepository(settings);
            keys.XmlEncryptor = new SealedXmlEncryptor(sealer);
        });
        services.AddSingleton<AuthorizationCodes>();
        services.AddSingleton<PortalSession>();
        services.AddSingleton<SignInFlow>();
        services.AddSingleton<ExternalSignIn>();
        services.AddSingleton<PortalObjectPages>();
    }
}
